// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #34, fixed: as in ce7ea0cfdc2e "KVM: SVM: Move GHCB
 * unmapping to fix RCU warning", the unmap moves out of the ->run path
 * (pre_sev_run()) into SVM's ->prepare_guest_switch callback, which
 * vcpu_enter_guest() calls while it still holds kvm->srcu.
 */
#include <linux/fs.h>
#include <linux/static_call.h>
#include <linux/string.h>
#include <kvm/host_map.h>

// expected-no-diagnostics

#define KVM_RUN			0xae80
#define PAGE_SHIFT		12
#define EXIT_FASTPATH_NONE	0

/* arch/x86/include/asm/kvm_host.h: what a vendor module provides. */
struct kvm_x86_ops {
	void (*prepare_guest_switch)(struct kvm_vcpu *vcpu);
	int (*run)(struct kvm_vcpu *vcpu);
	int (*handle_exit)(struct kvm_vcpu *vcpu, int exit_fastpath);
};

struct kvm_x86_init_ops {
	struct kvm_x86_ops *runtime_ops;
};

/* x86.c: the copy of the vendor's table, and one static call per op. */
struct kvm_x86_ops kvm_x86_ops;
DEFINE_STATIC_CALL_NULL(kvm_x86_prepare_guest_switch,
			*(((struct kvm_x86_ops *)0)->prepare_guest_switch));
DEFINE_STATIC_CALL_NULL(kvm_x86_run, *(((struct kvm_x86_ops *)0)->run));
DEFINE_STATIC_CALL_NULL(kvm_x86_handle_exit, *(((struct kvm_x86_ops *)0)->handle_exit));

static void kvm_ops_static_call_update(void)
{
	static_call_update(kvm_x86_prepare_guest_switch, kvm_x86_ops.prepare_guest_switch);
	static_call_update(kvm_x86_run, kvm_x86_ops.run);
	static_call_update(kvm_x86_handle_exit, kvm_x86_ops.handle_exit);
}

int kvm_arch_hardware_setup(struct kvm_x86_init_ops *ops)
{
	memcpy(&kvm_x86_ops, ops->runtime_ops, sizeof(kvm_x86_ops));
	kvm_ops_static_call_update();
	return 0;
}

/* ---- vmx.c: nothing to do with guest memory around VM-Enter ---- */

void vmx_vcpu_enter_exit(struct kvm_vcpu *vcpu);
void vmx_prepare_switch_to_guest(struct kvm_vcpu *vcpu);
int vmx_handle_exit(struct kvm_vcpu *vcpu, int exit_fastpath);

static int vmx_vcpu_run(struct kvm_vcpu *vcpu)
{
	vmx_vcpu_enter_exit(vcpu);
	return EXIT_FASTPATH_NONE;
}

static struct kvm_x86_ops vmx_x86_ops = {
	.prepare_guest_switch = vmx_prepare_switch_to_guest,
	.run = vmx_vcpu_run,
	.handle_exit = vmx_handle_exit,
};

static struct kvm_x86_init_ops vmx_init_ops = {
	.runtime_ops = &vmx_x86_ops,
};

int vmx_init(void)
{
	return kvm_arch_hardware_setup(&vmx_init_ops);
}

/* ---- svm.c / sev.c ---- */

struct ghcb { u64 rax, rbx, rcx, rdx; u64 sw_exit_code; };

struct vcpu_svm {
	struct kvm_vcpu vcpu;
	bool sev_guest;
	bool sev_es_guest;
	bool guest_state_loaded;
	unsigned int asid;
	u64 ghcb_gpa;			/* from the GHCB MSR */
	struct ghcb *ghcb;		/* mapped while a VMGEXIT is handled */
	struct kvm_host_map ghcb_map;
	u64 regs[4];
};

#define to_svm(v) container_of(v, struct vcpu_svm, vcpu)

void svm_vcpu_enter_exit(struct kvm_vcpu *vcpu);
void svm_vmsave_host_state(struct vcpu_svm *svm);
unsigned int sev_get_asid(struct kvm *kvm);
int svm_invoke_exit_handler(struct kvm_vcpu *vcpu, u64 exit_code);

/* VMGEXIT: map the guest's GHCB and handle the request it describes. */
static int sev_handle_vmgexit(struct vcpu_svm *svm)
{
	if (kvm_vcpu_map(&svm->vcpu, svm->ghcb_gpa >> PAGE_SHIFT, &svm->ghcb_map))
		return -EINVAL;
	svm->ghcb = svm->ghcb_map.hva;
	return svm_invoke_exit_handler(&svm->vcpu, svm->ghcb->sw_exit_code);
}

/* Hand the results back to the guest in the GHCB. */
static void sev_es_sync_to_ghcb(struct vcpu_svm *svm)
{
	svm->ghcb->rax = svm->regs[0];
	svm->ghcb->rbx = svm->regs[1];
	svm->ghcb->rcx = svm->regs[2];
	svm->ghcb->rdx = svm->regs[3];
}

void sev_es_unmap_ghcb(struct vcpu_svm *svm)
{
	if (!svm->ghcb)
		return;

	sev_es_sync_to_ghcb(svm);

	/* The guest's GHCB was written: unmap it dirty. */
	kvm_vcpu_unmap(&svm->vcpu, &svm->ghcb_map, true);
	svm->ghcb = NULL;
}

static void pre_sev_run(struct vcpu_svm *svm)
{
	svm->asid = sev_get_asid(svm->vcpu.kvm);
}

static void pre_svm_run(struct vcpu_svm *svm)
{
	if (svm->sev_guest)
		pre_sev_run(svm);
}

static int svm_vcpu_run(struct kvm_vcpu *vcpu)
{
	struct vcpu_svm *svm = to_svm(vcpu);

	pre_svm_run(svm);
	svm_vcpu_enter_exit(vcpu);
	return EXIT_FASTPATH_NONE;
}

static void svm_prepare_guest_switch(struct kvm_vcpu *vcpu)
{
	struct vcpu_svm *svm = to_svm(vcpu);

	/* Still inside vcpu_enter_guest()'s SRCU section. */
	if (svm->sev_es_guest)
		sev_es_unmap_ghcb(svm);

	if (svm->guest_state_loaded)
		return;

	svm_vmsave_host_state(svm);
	svm->guest_state_loaded = true;
}

static int svm_handle_exit(struct kvm_vcpu *vcpu, int exit_fastpath)
{
	struct vcpu_svm *svm = to_svm(vcpu);

	if (svm->sev_es_guest && exit_fastpath == EXIT_FASTPATH_NONE)
		return sev_handle_vmgexit(svm);
	return 1;
}

static struct kvm_x86_ops svm_x86_ops = {
	.prepare_guest_switch = svm_prepare_guest_switch,
	.run = svm_vcpu_run,
	.handle_exit = svm_handle_exit,
};

static struct kvm_x86_init_ops svm_init_ops = {
	.runtime_ops = &svm_x86_ops,
};

int svm_init(void)
{
	return kvm_arch_hardware_setup(&svm_init_ops);
}

/* ---- x86.c: the run loop ---- */

static int vcpu_enter_guest(struct kvm_vcpu *vcpu)
{
	int exit_fastpath;

	preempt_disable();

	static_call(kvm_x86_prepare_guest_switch)(vcpu);

	local_irq_disable();

	/* Guest entry: leave the SRCU section until the exit is handled. */
	srcu_read_unlock(&vcpu->kvm->srcu, vcpu->srcu_idx);

	exit_fastpath = static_call(kvm_x86_run)(vcpu);

	local_irq_enable();
	preempt_enable();

	vcpu->srcu_idx = srcu_read_lock(&vcpu->kvm->srcu);

	return static_call(kvm_x86_handle_exit)(vcpu, exit_fastpath);
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

static int kvm_arch_vcpu_ioctl_run(struct kvm_vcpu *vcpu)
{
	return vcpu_run(vcpu);
}

struct x86_vcpu_file {
	struct kvm_vcpu *vcpu;
	struct mutex mutex;
};

static long kvm_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct x86_vcpu_file *vf = filp->private_data;
	long r = -EINVAL;

	if (mutex_lock_killable(&vf->mutex))
		return -EINTR;

	if (ioctl == KVM_RUN)
		r = kvm_arch_vcpu_ioctl_run(vf->vcpu);

	mutex_unlock(&vf->mutex);
	return r;
}

const struct file_operations kvm_vcpu_fops = {
	.unlocked_ioctl = kvm_vcpu_ioctl,
};
