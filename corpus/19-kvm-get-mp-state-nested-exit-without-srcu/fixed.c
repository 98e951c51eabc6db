// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #19, fixed: as in ef01cac401f1 "KVM: x86: Acquire SRCU in
 * KVM_GET_MP_STATE to protect guest memory accesses", the ioctl takes
 * kvm->srcu (kvm_vcpu_srcu_read_lock()) around accepting the APIC events.
 */
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <kvm/guest_access.h>

// expected-no-diagnostics

#define KVM_GET_MP_STATE	0x8004ae98
#define KVM_MP_STATE_RUNNABLE	0
#define KVM_MP_STATE_INIT_RECEIVED 2

struct kvm_mp_state { u32 mp_state; };
struct vmx_msr_entry { u32 index; u32 reserved; u64 value; };

struct x86_vcpu {
	struct kvm_vcpu vcpu;
	struct mutex mutex;
	u32 mp_state;
	bool guest_mode;		/* running L2 */
	bool init_pending;
	u64 vm_exit_msr_store_addr;	/* from vmcs12 */
	u32 vm_exit_msr_store_count;
};

#define to_x86(v) container_of(v, struct x86_vcpu, vcpu)

void vcpu_load(struct kvm_vcpu *vcpu);
void vcpu_put(struct kvm_vcpu *vcpu);
u64 kvm_get_msr(struct kvm_vcpu *vcpu, u32 index);

/* Reads one entry of the VM-exit MSR-store list from guest memory. */
static bool read_and_check_msr_entry(struct kvm_vcpu *vcpu, u64 gpa, int i,
				     struct vmx_msr_entry *e)
{
	if (kvm_vcpu_read_guest(vcpu, gpa + i * sizeof(*e), e, 2 * sizeof(u32)))
		return false;
	return !e->reserved;
}

static int nested_vmx_store_msr(struct x86_vcpu *xv)
{
	struct vmx_msr_entry e;
	u32 i;

	for (i = 0; i < xv->vm_exit_msr_store_count; i++) {
		if (!read_and_check_msr_entry(&xv->vcpu, xv->vm_exit_msr_store_addr, i, &e))
			return -EINVAL;
		e.value = kvm_get_msr(&xv->vcpu, e.index);
		if (kvm_vcpu_write_guest(&xv->vcpu, xv->vm_exit_msr_store_addr + i * sizeof(e) +
					 offsetof(struct vmx_msr_entry, value),
					 &e.value, sizeof(e.value)))
			return -EINVAL;
	}
	return 0;
}

static void __nested_vmx_vmexit(struct x86_vcpu *xv)
{
	xv->guest_mode = false;
	nested_vmx_store_msr(xv);
}

/* Stands in for kvm_x86_ops.nested_ops->check_events(), i.e. VMX's. */
static int kvm_check_nested_events(struct x86_vcpu *xv)
{
	if (xv->init_pending) {
		/* INIT in L2 is a VM-Exit to L1. */
		__nested_vmx_vmexit(xv);
		return 0;
	}
	return 0;
}

static int kvm_apic_accept_events(struct x86_vcpu *xv)
{
	if (xv->guest_mode && kvm_check_nested_events(xv) < 0)
		return -EBUSY;
	if (xv->init_pending) {
		xv->init_pending = false;
		xv->mp_state = KVM_MP_STATE_INIT_RECEIVED;
	}
	return 0;
}

static int kvm_arch_vcpu_ioctl_get_mpstate(struct x86_vcpu *xv, struct kvm_mp_state *mp_state)
{
	int r;

	vcpu_load(&xv->vcpu);

	/* Accepting events can emulate a nested VM-Exit: guest memory. */
	kvm_vcpu_srcu_read_lock(&xv->vcpu);

	r = kvm_apic_accept_events(xv);
	if (r < 0)
		goto out;
	r = 0;
	mp_state->mp_state = xv->mp_state;

out:
	kvm_vcpu_srcu_read_unlock(&xv->vcpu);

	vcpu_put(&xv->vcpu);
	return r;
}

static long kvm_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct x86_vcpu *xv = to_x86((struct kvm_vcpu *)filp->private_data);
	struct kvm_mp_state mp_state;
	long r = -EINVAL;

	if (mutex_lock_killable(&xv->mutex))
		return -EINTR;

	if (ioctl == KVM_GET_MP_STATE) {
		r = kvm_arch_vcpu_ioctl_get_mpstate(xv, &mp_state);
		if (!r && copy_to_user((void __user *)arg, &mp_state, sizeof(mp_state)))
			r = -EFAULT;
	}

	mutex_unlock(&xv->mutex);
	return r;
}

const struct file_operations kvm_vcpu_fops = {
	.unlocked_ioctl = kvm_vcpu_ioctl,
};
