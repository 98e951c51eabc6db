// Hand-written lockdep assertions are requirements too: lockdep_assert(c),
// RCU_LOCKDEP_WARN(!c, msg), WARN_ON_ONCE(!rcu_read_lock_held()). A
// condition that is not made of lockdep predicates asserts nothing we model.
// lockdep_assert(c) keeps its condition only with CONFIG_LOCKDEP (without,
// it expands to nothing), so that finding is expected in the debug build only.
// RUN: %check -Xclang -verify -Xclang -verify-ignore-unexpected=note %s
// RUN: %check -Xclang -verify=expected,debug -Xclang -verify-ignore-unexpected=note %debug_config %s
#include <linux/kvm_host.h>

static void needs_rcu(void)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "needs RCU");
}

static void needs_rcu_too(void)
{
	WARN_ON_ONCE(!rcu_read_lock_held());
}

static void needs_slots_lock(struct kvm *kvm)
{
	lockdep_assert(lockdep_is_held(&kvm->slots_lock));
}

static void needs_mmu_or_rcu(struct kvm *kvm)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held() && !lockdep_is_held(&kvm->mmu_lock), "either");
}

void callers(struct kvm *kvm, int x)
{
	rcu_read_lock();
	needs_rcu();
	needs_rcu_too();
	needs_mmu_or_rcu(kvm);
	rcu_read_unlock();
	write_lock(&kvm->mmu_lock);
	needs_mmu_or_rcu(kvm);
	write_unlock(&kvm->mmu_lock);
	WARN_ON(x > 3); /* not a context assertion */
	mutex_lock(&kvm->slots_lock);
	needs_slots_lock(kvm);
	mutex_unlock(&kvm->slots_lock);
	needs_slots_lock(kvm); // debug-warning {{'needs_slots_lock' requires 'struct kvm::slots_lock' held, but it is not held here [rcuctx-lock-held]}}
	msleep(1);
	needs_rcu(); // expected-warning {{'needs_rcu' requires an RCU read-side critical section, but none is held here}}
	needs_rcu_too(); // expected-warning {{'needs_rcu_too' requires an RCU read-side critical section, but none is held here}}
}
