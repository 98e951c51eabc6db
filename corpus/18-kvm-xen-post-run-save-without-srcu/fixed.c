// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #18, fixed: as in f3d1436d4bf8 "KVM: x86: Take srcu lock in
 * post_kvm_run_save()", the readiness check that may end in the Xen
 * vcpu_info read runs inside kvm->srcu.
 */
#include <linux/fs.h>
#include <kvm/guest_access.h>

// expected-no-diagnostics

#define KVM_RUN 0xae80

struct kvm_run {
	u8 request_interrupt_window;
	u8 ready_for_interrupt_injection;
	u8 if_flag;
	u32 exit_reason;
};

/* The per-vCPU slice of the Xen state the reduction needs. */
struct gfn_to_hva_cache {
	u64 generation;
	gpa_t gpa;
	unsigned long hva;
};

struct x86_vcpu {
	struct kvm_vcpu vcpu;
	struct mutex mutex;
	struct kvm_run *run;
	bool pic_in_kernel;
	bool interrupts_enabled;
	u8 xen_upcall_vector;
	struct gfn_to_hva_cache xen_vcpu_info_cache;
};

#define to_x86(v) container_of(v, struct x86_vcpu, vcpu)

int vcpu_enter_guest(struct kvm_vcpu *vcpu);

/* The evtchn_upcall_pending byte of the guest's struct vcpu_info. */
static int __kvm_xen_has_interrupt(struct x86_vcpu *xv)
{
	struct gfn_to_hva_cache *ghc = &xv->xen_vcpu_info_cache;
	struct kvm_memslots *slots = kvm_memslots(xv->vcpu.kvm);
	u8 pending = 0;

	if (likely(slots->generation == ghc->generation && ghc->hva)) {
		/* Fast path: the cached mapping is still current. */
		if (copy_from_user(&pending, (const void __user *)ghc->hva, 1))
			return 0;
	} else if (kvm_read_guest(xv->vcpu.kvm, ghc->gpa, &pending, 1)) {
		return 0;
	}
	return pending;
}

static int kvm_cpu_has_extint(struct x86_vcpu *xv)
{
	if (xv->xen_upcall_vector)
		return __kvm_xen_has_interrupt(xv);
	return 0;
}

static bool kvm_cpu_accept_dm_intr(struct x86_vcpu *xv)
{
	/* A pending ExtINT already occupies the injection slot. */
	return !kvm_cpu_has_extint(xv);
}

static bool kvm_vcpu_ready_for_interrupt_injection(struct x86_vcpu *xv)
{
	return xv->interrupts_enabled && kvm_cpu_accept_dm_intr(xv);
}

static void post_kvm_run_save(struct x86_vcpu *xv)
{
	struct kvm_run *run = xv->run;

	run->if_flag = xv->interrupts_enabled;

	/*
	 * The readiness check may end in __kvm_xen_has_interrupt(), which
	 * reads the memslots: it needs kvm->srcu.
	 */
	xv->vcpu.srcu_idx = srcu_read_lock(&xv->vcpu.kvm->srcu);
	run->ready_for_interrupt_injection =
		xv->pic_in_kernel || kvm_vcpu_ready_for_interrupt_injection(xv);
	srcu_read_unlock(&xv->vcpu.kvm->srcu, xv->vcpu.srcu_idx);
}

static int vcpu_run(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	int r;

	vcpu->srcu_idx = srcu_read_lock(&kvm->srcu);
	for (;;) {
		r = vcpu_enter_guest(vcpu);
		if (r <= 0)
			break;
	}
	srcu_read_unlock(&kvm->srcu, vcpu->srcu_idx);
	return r;
}

static int kvm_arch_vcpu_ioctl_run(struct x86_vcpu *xv)
{
	int r;

	if (xv->run->request_interrupt_window > 1)
		r = -EINVAL;
	else
		r = vcpu_run(&xv->vcpu);

	post_kvm_run_save(xv);
	return r;
}

static long kvm_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct x86_vcpu *xv = to_x86((struct kvm_vcpu *)filp->private_data);
	long r = -EINVAL;

	if (mutex_lock_killable(&xv->mutex))
		return -EINTR;

	if (ioctl == KVM_RUN)
		r = kvm_arch_vcpu_ioctl_run(xv);

	mutex_unlock(&xv->mutex);
	return r;
}

const struct file_operations kvm_vcpu_fops = {
	.unlocked_ioctl = kvm_vcpu_ioctl,
};
