// SRCU readers are tracked per domain: a section on one srcu_struct does not
// protect another's pointers, and sleeping inside SRCU is allowed. Without an
// entry context, a missing SRCU section is a precondition, not a finding.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/kvm_host.h>

// expected-no-diagnostics

struct other { struct srcu_struct srcu; struct kvm_memslots __rcu *slots; };

int read_slots(struct kvm *kvm)
{
	int idx, gen;

	idx = srcu_read_lock(&kvm->srcu);
	gen = kvm_memslots(kvm)->generation;
	msleep(1); /* sleeping in an SRCU section is fine */
	srcu_read_unlock(&kvm->srcu, idx);
	return gen;
}

int slots_lock_instead(struct kvm *kvm)
{
	int gen;

	mutex_lock(&kvm->slots_lock);
	gen = kvm_memslots(kvm)->generation;
	mutex_unlock(&kvm->slots_lock);
	return gen;
}

int wrong_domain_is_a_precondition(struct kvm *kvm, struct other *o)
{
	int idx = srcu_read_lock(&o->srcu);
	int gen = srcu_dereference(kvm->memslots[0], &kvm->srcu)->generation;

	srcu_read_unlock(&o->srcu, idx);
	return gen;
}
