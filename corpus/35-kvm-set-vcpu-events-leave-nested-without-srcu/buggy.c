// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// RUN: %check -fplugin-arg-rcuctx-no-indirect -Xclang -verify=noindirect %s
// noindirect-no-diagnostics
/*
 * rcuctx corpus #35: KVM_SET_VCPU_EVENTS can toggle SMM, and toggling SMM
 * first forces the vCPU out of nested guest mode. Leaving nested VMX is an
 * emulated VM-Exit: it reloads L1's host MSRs from the VM-exit MSR-load list
 * in guest memory, which needs kvm->srcu. The ioctl held only vcpu->mutex.
 *
 * Distilled from 4bcdd831d9d0 "KVM: x86: Acquire kvm->srcu when handling
 * KVM_SET_VCPU_EVENTS" (Sean Christopherson, Jul 2024, Cc: stable; fixes
 * f7e570780efc "KVM: x86: Forcibly leave nested virt when SMM state is
 * toggled"). Lockdep: "suspicious rcu_dereference_check() usage" in
 * kvm_vcpu_gfn_to_memslot <- kvm_vcpu_read_guest <- nested_vmx_load_msr
 * <- load_vmcs12_host_state <- vmx_leave_nested
 * <- kvm_vcpu_ioctl_x86_set_vcpu_events <- kvm_arch_vcpu_ioctl
 * <- kvm_vcpu_ioctl. Generic code reaches vmx_leave_nested() only through
 * kvm_x86_ops.nested_ops->leave_nested.
 */
#include <linux/fs.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <kvm/guest_access.h>

#define KVM_RUN			0xae80
#define KVM_SET_VCPU_EVENTS	0x4040aea0
#define KVM_VCPUEVENT_VALID_SMM	0x00000008
#define KVM_SYNC_X86_EVENTS	(1UL << 2)
#define KVM_REQ_EVENT		1

struct kvm_vcpu_events {
	u32 flags;
	struct { u8 smm; u8 pending; } smi;
};

struct kvm_run {
	u64 kvm_dirty_regs;
	struct kvm_vcpu_events events;	/* s.regs.events */
};

struct x86_vcpu {
	struct kvm_vcpu vcpu;
	struct mutex mutex;
	struct kvm_run *run;
	bool smm;
	bool guest_mode;		/* running L2 */
	bool nested_run_pending;
	unsigned long requests;
};

#define to_x86(v) container_of(v, struct x86_vcpu, vcpu)

/* arch/x86/include/asm/kvm_host.h: the vendor interface. */
struct kvm_x86_nested_ops {
	void (*leave_nested)(struct kvm_vcpu *vcpu);
	int (*check_events)(struct kvm_vcpu *vcpu);
};

struct kvm_x86_ops {
	const char *name;
	const struct kvm_x86_nested_ops *nested_ops;
};

struct kvm_x86_init_ops {
	struct kvm_x86_ops *runtime_ops;
};

/* x86.c: the copy of the vendor's table every call goes through. */
struct kvm_x86_ops kvm_x86_ops;

int kvm_x86_vendor_init(struct kvm_x86_init_ops *ops)
{
	memcpy(&kvm_x86_ops, ops->runtime_ops, sizeof(kvm_x86_ops));
	return 0;
}

static void kvm_make_request(int req, struct kvm_vcpu *vcpu)
{
	to_x86(vcpu)->requests |= 1UL << req;
}

/* ---- vmx/nested.c ---- */

struct vmx_msr_entry { u32 index; u32 reserved; u64 value; };

struct vmcs12 {
	u64 host_rip;
	u64 vm_exit_msr_load_addr;
	u32 vm_exit_msr_load_count;
};

struct vcpu_vmx {
	struct x86_vcpu x86;
	struct vmcs12 *cached_vmcs12;
	u64 rip;
};

#define to_vmx(v) container_of(to_x86(v), struct vcpu_vmx, x86)

int kvm_set_msr(struct kvm_vcpu *vcpu, u32 index, u64 data);
void nested_vmx_abort(struct kvm_vcpu *vcpu, u32 indicator);
void free_nested(struct kvm_vcpu *vcpu);
int vmx_check_nested_events(struct kvm_vcpu *vcpu);

/* Load L1's MSRs from the VM-exit MSR-load list, an array in guest memory. */
static u32 nested_vmx_load_msr(struct kvm_vcpu *vcpu, u64 gpa, u32 count)
{
	struct vmx_msr_entry e;
	u32 i;

	for (i = 0; i < count; i++) {
		if (kvm_vcpu_read_guest(vcpu, gpa + i * sizeof(e), &e, sizeof(e)))
			return i + 1;
		if (e.reserved || kvm_set_msr(vcpu, e.index, e.value))
			return i + 1;
	}
	return 0;
}

static void load_vmcs12_host_state(struct kvm_vcpu *vcpu, struct vmcs12 *vmcs12)
{
	to_vmx(vcpu)->rip = vmcs12->host_rip;

	if (nested_vmx_load_msr(vcpu, vmcs12->vm_exit_msr_load_addr,
				vmcs12->vm_exit_msr_load_count))
		nested_vmx_abort(vcpu, 4 /* VMX_ABORT_LOAD_HOST_MSR_FAIL */);
}

static void nested_vmx_vmexit(struct kvm_vcpu *vcpu, u32 vm_exit_reason)
{
	to_x86(vcpu)->guest_mode = false;
	load_vmcs12_host_state(vcpu, to_vmx(vcpu)->cached_vmcs12);
}

static void vmx_leave_nested(struct kvm_vcpu *vcpu)
{
	if (to_x86(vcpu)->guest_mode) {
		to_x86(vcpu)->nested_run_pending = false;
		nested_vmx_vmexit(vcpu, -1);
	}
	free_nested(vcpu);
}

static const struct kvm_x86_nested_ops vmx_nested_ops = {
	.leave_nested = vmx_leave_nested,
	.check_events = vmx_check_nested_events,
};

static struct kvm_x86_ops vmx_x86_ops = {
	.name = "kvm_intel",
	.nested_ops = &vmx_nested_ops,
};

static struct kvm_x86_init_ops vmx_init_ops = {
	.runtime_ops = &vmx_x86_ops,
};

int vmx_init(void)
{
	return kvm_x86_vendor_init(&vmx_init_ops);
}

/* ---- svm/nested.c: leaving nested SVM switches VMCBs, no guest memory ---- */

void svm_switch_vmcb01(struct kvm_vcpu *vcpu);
int svm_check_nested_events(struct kvm_vcpu *vcpu);

static void svm_leave_nested(struct kvm_vcpu *vcpu)
{
	if (to_x86(vcpu)->guest_mode) {
		to_x86(vcpu)->nested_run_pending = false;
		to_x86(vcpu)->guest_mode = false;
		svm_switch_vmcb01(vcpu);
	}
}

static const struct kvm_x86_nested_ops svm_nested_ops = {
	.leave_nested = svm_leave_nested,
	.check_events = svm_check_nested_events,
};

static struct kvm_x86_ops svm_x86_ops = {
	.name = "kvm_amd",
	.nested_ops = &svm_nested_ops,
};

static struct kvm_x86_init_ops svm_init_ops = {
	.runtime_ops = &svm_x86_ops,
};

int svm_init(void)
{
	return kvm_x86_vendor_init(&svm_init_ops);
}

/* ---- x86.c ---- */

void vcpu_load(struct kvm_vcpu *vcpu);
void vcpu_put(struct kvm_vcpu *vcpu);
int vcpu_run(struct kvm_vcpu *vcpu);

static void kvm_leave_nested(struct kvm_vcpu *vcpu)
{
	kvm_x86_ops.nested_ops->leave_nested(vcpu);
	kvm_make_request(KVM_REQ_EVENT, vcpu);
}

static void kvm_smm_changed(struct kvm_vcpu *vcpu, bool entering_smm)
{
	to_x86(vcpu)->smm = entering_smm;
}

static int kvm_vcpu_ioctl_x86_set_vcpu_events(struct kvm_vcpu *vcpu,
					      struct kvm_vcpu_events *events)
{
	struct x86_vcpu *xv = to_x86(vcpu);

	if (events->flags & ~KVM_VCPUEVENT_VALID_SMM)
		return -EINVAL;

	if (events->flags & KVM_VCPUEVENT_VALID_SMM) {
		if (xv->smm != !!events->smi.smm) {
			/* SMM and nested guest mode don't mix: leave L2 first. */
			kvm_leave_nested(vcpu);
			kvm_smm_changed(vcpu, events->smi.smm);
		}
	}

	kvm_make_request(KVM_REQ_EVENT, vcpu);
	return 0;
}

/* KVM_RUN may carry the events in kvm_run (KVM_CAP_SYNC_REGS). */
static int sync_regs(struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = to_x86(vcpu)->run;

	if (run->kvm_dirty_regs & KVM_SYNC_X86_EVENTS) {
		struct kvm_vcpu_events events = run->events;

		if (kvm_vcpu_ioctl_x86_set_vcpu_events(vcpu, &events))
			return -EINVAL;
		run->kvm_dirty_regs &= ~KVM_SYNC_X86_EVENTS;
	}
	return 0;
}

static int kvm_arch_vcpu_ioctl_run(struct kvm_vcpu *vcpu)
{
	int r = 0;

	vcpu_load(vcpu);
	kvm_vcpu_srcu_read_lock(vcpu);

	if (to_x86(vcpu)->run->kvm_dirty_regs)
		r = sync_regs(vcpu);
	if (!r)
		r = vcpu_run(vcpu);

	kvm_vcpu_srcu_read_unlock(vcpu);
	vcpu_put(vcpu);
	return r;
}

static long kvm_arch_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct kvm_vcpu *vcpu = filp->private_data;
	void __user *argp = (void __user *)arg;
	long r = -EINVAL;

	vcpu_load(vcpu);
	switch (ioctl) {
	case KVM_SET_VCPU_EVENTS: {
		struct kvm_vcpu_events events;

		r = -EFAULT;
		if (copy_from_user(&events, argp, sizeof(struct kvm_vcpu_events)))
			break;

		r = kvm_vcpu_ioctl_x86_set_vcpu_events(vcpu, &events);
		break;
	}
	default:
		break;
	}
	vcpu_put(vcpu);
	return r;
}

static long kvm_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct kvm_vcpu *vcpu = filp->private_data;
	struct x86_vcpu *xv = to_x86(vcpu);
	long r;

	if (mutex_lock_killable(&xv->mutex))
		return -EINTR;

	switch (ioctl) {
	case KVM_RUN:
		r = kvm_arch_vcpu_ioctl_run(vcpu);
		break;
	default:
		r = kvm_arch_vcpu_ioctl(filp, ioctl, arg); // expected-warning {{'kvm_arch_vcpu_ioctl' needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here}}
		break;
	}

	mutex_unlock(&xv->mutex);
	return r;
}

const struct file_operations kvm_vcpu_fops = {
	.unlocked_ioctl = kvm_vcpu_ioctl,
};
