// Helpers that drop a lock, sleep and retake it are modelled in that order:
// not sleeping with that lock held, but still sleeping in any RCU section or
// under any other spinning lock.
// RUN: %verify %s
#include <linux/kvm_host.h>

void yield_write(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	cond_resched_rwlock_write(&kvm->mmu_lock);
	write_unlock(&kvm->mmu_lock);
}

void yield_in_rcu(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	rcu_read_lock();
	cond_resched_rwlock_write(&kvm->mmu_lock); // expected-warning {{'cond_resched_rwlock_write' may sleep, but an RCU read-side critical section is held here}}
	rcu_read_unlock();
	write_unlock(&kvm->mmu_lock);
}

void yield_under_other_lock(struct kvm *kvm)
{
	spin_lock(&kvm->tdp_mmu_pages_lock);
	write_lock(&kvm->mmu_lock);
	cond_resched_rwlock_write(&kvm->mmu_lock); // expected-warning {{'cond_resched_rwlock_write' may sleep, but spinning lock 'struct kvm::tdp_mmu_pages_lock' is held here}}
	write_unlock(&kvm->mmu_lock);
	spin_unlock(&kvm->tdp_mmu_pages_lock);
}
