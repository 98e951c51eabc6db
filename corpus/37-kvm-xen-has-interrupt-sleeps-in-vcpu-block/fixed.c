// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
/*
 * rcuctx corpus #37: a halted vCPU sets its task state to
 * TASK_INTERRUPTIBLE, then checks once more whether it should wake. With
 * Xen event channels, that check reads the guest's vcpu_info through a
 * gfn_to_hva cache -- and when the cache is stale, the read goes through
 * the memslots and may fault the page in: it may sleep, in a task state
 * set for schedule(). Lockdep: "do not call blocking ops when
 * !TASK_RUNNING; state=1 set at ...".
 *
 * Distilled from 0985dba842ea "KVM: x86/xen: Fix kvm_xen_has_interrupt()
 * sleeping in kvm_vcpu_block()" (David Woodhouse, Oct 2021).
 *
 * The fix: when called in a task state set for blocking (or atomic), do not
 * take the slow path; report an interrupt instead -- a deliberate spurious
 * wakeup, after which the check runs again where it may sleep.
 */
#include <linux/kvm_host.h>
#include <linux/sched.h>
#include <kvm/guest_access.h>

struct rcuwait { void *task; };
void prepare_to_rcuwait(struct rcuwait *w);
void finish_rcuwait(struct rcuwait *w);

struct kvm_vcpu_xen {
	struct kvm_vcpu *vcpu;
	struct rcuwait wait;
	int vcpu_info_set;
	u64 cache_generation;	/* the gfn_to_hva cache of vcpu_info */
	unsigned long cache_hva;
	gpa_t vcpu_info_gpa;
	int pending_timer;
};

#define UPCALL_PENDING_OFFSET 1

/* virt/kvm/kvm_main.c: the cache is stale, go through the memslots. */
static int kvm_read_guest_offset_cached(struct kvm *kvm, struct kvm_vcpu_xen *x, void *data,
					unsigned int offset, unsigned long len)
{
	return kvm_read_guest(kvm, x->vcpu_info_gpa + offset, data, len);
}

/* arch/x86/kvm/xen.c (the fast path through the cache's hva is left out). */
static int __kvm_xen_has_interrupt(struct kvm_vcpu_xen *x)
{
	u8 rc = 0;

	if (in_atomic() || !task_is_running(current))
		return 1;
	kvm_read_guest_offset_cached(x->vcpu->kvm, x, &rc, UPCALL_PENDING_OFFSET, sizeof(rc));
	return rc;
}

/* arch/x86/kvm/xen.h */
static inline int kvm_xen_has_interrupt(struct kvm_vcpu_xen *x)
{
	if (x->vcpu_info_set)
		return __kvm_xen_has_interrupt(x);
	return 0;
}

/* arch/x86/kvm/irq.c */
static int kvm_cpu_has_extint(struct kvm_vcpu_xen *x)
{
	if (kvm_xen_has_interrupt(x))
		return 1;
	return 0; /* the PIC is not modelled */
}

static int kvm_cpu_has_interrupt(struct kvm_vcpu_xen *x)
{
	return kvm_cpu_has_extint(x);
}

/* arch/x86/kvm/x86.c */
static int kvm_arch_vcpu_runnable(struct kvm_vcpu_xen *x)
{
	return kvm_cpu_has_interrupt(x);
}

/* virt/kvm/kvm_main.c */
static int kvm_vcpu_check_block(struct kvm_vcpu_xen *x)
{
	int ret = -EINTR;
	int idx = srcu_read_lock(&x->vcpu->kvm->srcu);

	if (kvm_arch_vcpu_runnable(x))
		goto out;
	if (x->pending_timer)
		goto out;
	if (signal_pending(current))
		goto out;
	ret = 0;
out:
	srcu_read_unlock(&x->vcpu->kvm->srcu, idx);
	return ret;
}

bool kvm_vcpu_block(struct kvm_vcpu_xen *x)
{
	bool waited = false;

	prepare_to_rcuwait(&x->wait);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);

		if (kvm_vcpu_check_block(x) < 0)
			break;

		waited = true;
		schedule();
	}
	finish_rcuwait(&x->wait);
	return waited;
}
