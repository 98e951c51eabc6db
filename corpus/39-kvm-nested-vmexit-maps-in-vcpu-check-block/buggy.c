// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #39: a halted vCPU sets its task state to
 * TASK_INTERRUPTIBLE, then asks once more whether it is runnable. For a
 * vCPU running a nested guest, that question first processes nested events
 * -- and on AMD a pending event L1 intercepts is a #VMEXIT to L1, which
 * maps vmcb12 from guest memory to write the exit into it: a pin of a
 * user page that may sleep, in a task state set for schedule(). Lockdep:
 * "do not call blocking ops when !TASK_RUNNING; state=1 set at
 * kvm_vcpu_block", through kvm_vcpu_map() <- nested_svm_vmexit() <-
 * svm_check_nested_events() <- kvm_check_nested_events() <-
 * kvm_arch_vcpu_runnable() <- kvm_vcpu_check_block().
 *
 * Distilled from 26844fee6ade "KVM: x86: never write to memory from
 * kvm_vcpu_check_block()" (Paolo Bonzini, 2022; reported by Maxim
 * Levitsky). The nested-events hook is called through the ops table, as
 * in KVM (kvm_x86_ops.nested_ops->check_events).
 */
#include <linux/kvm_host.h>
#include <linux/sched.h>
#include <kvm/host_map.h>

struct rcuwait { void *task; };
void prepare_to_rcuwait(struct rcuwait *w);
void finish_rcuwait(struct rcuwait *w);

#define MP_STATE_RUNNABLE 0

struct vcpu_svm {
	struct kvm_vcpu vcpu;
	struct rcuwait wait;
	bool guest_mode;		/* running L2 */
	bool l1_intercept_pending;	/* an event L1 asked to see as a #VMEXIT */
	gpa_t vmcb12_gpa;
	unsigned int exit_code;
	int mp_state;
	bool apf_halted;
};

struct vmcb12 { unsigned int exit_code; };

struct kvm_x86_nested_ops {
	int (*check_events)(struct vcpu_svm *svm);
};
struct kvm_x86_ops {
	const struct kvm_x86_nested_ops *nested_ops;
};

/* arch/x86/kvm/svm/nested.c: the #VMEXIT writes L2's exit into vmcb12. */
static int nested_svm_vmexit(struct vcpu_svm *svm)
{
	struct kvm_host_map map;
	struct vmcb12 *vmcb12;

	if (kvm_vcpu_map(&svm->vcpu, gpa_to_gfn(svm->vmcb12_gpa), &map))
		return 1;
	vmcb12 = map.hva;
	vmcb12->exit_code = svm->exit_code;
	svm->guest_mode = false;
	kvm_vcpu_unmap(&svm->vcpu, &map, true);
	return 0;
}

static int svm_check_nested_events(struct vcpu_svm *svm)
{
	if (svm->l1_intercept_pending) {
		svm->l1_intercept_pending = false;
		return nested_svm_vmexit(svm);
	}
	return 0;
}

static const struct kvm_x86_nested_ops svm_nested_ops = {
	.check_events = svm_check_nested_events,
};
struct kvm_x86_ops kvm_x86_ops = { .nested_ops = &svm_nested_ops };

/* arch/x86/kvm/x86.c */
static int kvm_check_nested_events(struct vcpu_svm *svm)
{
	return kvm_x86_ops.nested_ops->check_events(svm);
}

static bool kvm_vcpu_running(struct vcpu_svm *svm)
{
	if (svm->guest_mode)
		kvm_check_nested_events(svm);
	return svm->mp_state == MP_STATE_RUNNABLE && !svm->apf_halted;
}

static bool kvm_arch_vcpu_runnable(struct vcpu_svm *svm)
{
	return kvm_vcpu_running(svm); /* || kvm_vcpu_has_events(): not modelled */
}

/* virt/kvm/kvm_main.c */
static int kvm_vcpu_check_block(struct vcpu_svm *svm)
{
	int ret = -EINTR;
	int idx = srcu_read_lock(&svm->vcpu.kvm->srcu);

	if (kvm_arch_vcpu_runnable(svm))
		goto out;
	if (signal_pending(current))
		goto out;
	ret = 0;
out:
	srcu_read_unlock(&svm->vcpu.kvm->srcu, idx);
	return ret;
}

static bool kvm_vcpu_block(struct vcpu_svm *svm)
{
	bool waited = false;

	prepare_to_rcuwait(&svm->wait);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);

		if (kvm_vcpu_check_block(svm) < 0) // expected-warning {{'kvm_vcpu_check_block' may block, but the task state is not TASK_RUNNING here [rcuctx-blocking-state]}}
			break;

		waited = true;
		schedule();
	}
	finish_rcuwait(&svm->wait);
	return waited;
}

/* arch/x86/kvm/x86.c: a halted vCPU's turn of the run loop. */
int vcpu_block(struct vcpu_svm *svm)
{
	kvm_vcpu_block(svm);
	return 1;
}
