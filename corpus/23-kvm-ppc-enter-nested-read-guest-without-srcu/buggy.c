// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #23: on POWER, a KVM guest that is itself a hypervisor asks
 * to run its own (L2) guest with the H_ENTER_NESTED hypercall. KVM_RUN
 * handles the hypercall in the host and copies the L2 register state in
 * from L1's memory with kvm_vcpu_read_guest(), which reads the memslots and
 * so needs kvm->srcu. Book3S HV takes kvm->srcu only around the calls that
 * need it (the page-fault branch of the run loop does); the hypercall branch
 * did not.
 *
 * Distilled from "KVM: PPC: Protect kvm_vcpu_read_guest with srcu locks"
 * (Alexey Kardashevskiy, Jun 2020, Message-Id
 * 20200609021230.103494-1-aik@ozlabs.ru): "lockdep produces a warning as
 * neither kvm->slots_lock nor kvm->srcu lock is held and kvm->users_count is
 * above zero". The splat: kvm_vcpu_gfn_to_memslot <- kvm_vcpu_read_guest
 * <- kvmhv_enter_nested_guest <- kvmppc_pseries_do_hcall
 * <- kvmppc_vcpu_run_hv <- kvmppc_vcpu_run <- kvm_arch_vcpu_ioctl_run
 * <- kvm_vcpu_ioctl, with only vcpu->mutex held.
 */
#include <linux/fs.h>
#include <kvm/guest_access.h>

#define KVM_RUN			0xae80
#define H_ENTER_NESTED		0xf804
#define H_FUNCTION		(-2)
#define H_PARAMETER		(-4)
#define H_AUTHORITY		(-18)
#define H_P2			(-55)
#define HV_GUEST_STATE_VERSION	1
#define RESUME_GUEST		0
#define RESUME_HOST		1
#define RESUME_PAGE_FAULT	2
#define EXIT_PAPR_HCALL		19

struct hv_guest_state {
	u64 version;
	u32 lpid;
	u32 vcpu_token;
	u64 lpcr;
};

struct l2_regs {
	unsigned long gpr[32];
	unsigned long nip;
	unsigned long msr;
};

struct ppc_vcpu {
	struct kvm_vcpu vcpu;
	struct mutex mutex;
	unsigned long gpr[32];
	u32 exit_reason;
	bool nested_enabled;	/* L1 is allowed to be a hypervisor */
	bool guest_pr;		/* MSR_PR: the exit came from L1 user mode */
	unsigned long fault_dar;
};

#define to_ppc(v) container_of(v, struct ppc_vcpu, vcpu)

/* Enter the guest (L1, or L2 with @l2 set); return the exit's RESUME_ code. */
int kvmhv_run_single_vcpu(struct ppc_vcpu *pv, struct l2_regs *l2);
int kvmppc_book3s_hv_page_fault(struct ppc_vcpu *pv, unsigned long dar);

static long kvmhv_enter_nested_guest(struct ppc_vcpu *pv)
{
	struct kvm_vcpu *vcpu = &pv->vcpu;
	struct hv_guest_state l2_hv;
	struct l2_regs l2_regs;
	u64 hv_ptr, regs_ptr;
	int err;

	/* Copy parameters in. */
	hv_ptr = pv->gpr[4];
	err = kvm_vcpu_read_guest(vcpu, hv_ptr, &l2_hv, sizeof(l2_hv));
	if (err)
		return H_PARAMETER;
	if (l2_hv.version != HV_GUEST_STATE_VERSION)
		return H_P2;

	regs_ptr = pv->gpr[5];
	err = kvm_vcpu_read_guest(vcpu, regs_ptr, &l2_regs, sizeof(l2_regs));
	if (err)
		return H_PARAMETER;

	kvmhv_run_single_vcpu(pv, &l2_regs);

	/* Copy L2's state back out to L1. */
	err = kvm_vcpu_write_guest(vcpu, hv_ptr, &l2_hv, sizeof(l2_hv));
	if (err)
		return H_AUTHORITY;
	err = kvm_vcpu_write_guest(vcpu, regs_ptr, &l2_regs, sizeof(l2_regs));
	if (err)
		return H_AUTHORITY;
	return 0;
}

static int kvmppc_pseries_do_hcall(struct ppc_vcpu *pv)
{
	unsigned long req = pv->gpr[3];
	long ret;

	switch (req) {
	case H_ENTER_NESTED:
		ret = H_FUNCTION;
		if (!pv->nested_enabled)
			break;
		ret = kvmhv_enter_nested_guest(pv);
		break;
	default:
		return RESUME_HOST;
	}
	pv->gpr[3] = ret;
	return RESUME_GUEST;
}

static int kvmppc_vcpu_run_hv(struct ppc_vcpu *pv)
{
	struct kvm *kvm = pv->vcpu.kvm;
	int srcu_idx;
	int r;

	do {
		r = kvmhv_run_single_vcpu(pv, NULL);

		if (pv->exit_reason == EXIT_PAPR_HCALL && !pv->guest_pr) {
			r = kvmppc_pseries_do_hcall(pv);
		} else if (r == RESUME_PAGE_FAULT) {
			srcu_idx = srcu_read_lock(&kvm->srcu);
			r = kvmppc_book3s_hv_page_fault(pv, pv->fault_dar);
			srcu_read_unlock(&kvm->srcu, srcu_idx);
		}
	} while (r == RESUME_GUEST);

	return r;
}

/* Stands in for kvm->arch.kvm_ops->vcpu_run(), i.e. Book3S HV's. */
static int kvm_arch_vcpu_ioctl_run(struct ppc_vcpu *pv)
{
	return kvmppc_vcpu_run_hv(pv);
}

static long kvm_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct ppc_vcpu *pv = to_ppc((struct kvm_vcpu *)filp->private_data);
	long r = -EINVAL;

	if (mutex_lock_killable(&pv->mutex))
		return -EINTR;
	if (ioctl == KVM_RUN)
		r = kvm_arch_vcpu_ioctl_run(pv); // expected-warning {{'kvm_arch_vcpu_ioctl_run' needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here}}
	mutex_unlock(&pv->mutex);
	return r;
}

const struct file_operations kvm_vcpu_fops = {
	.unlocked_ioctl = kvm_vcpu_ioctl,
};
