/* Yielding the walk (a second file): walk_yield() ends the RCU section and
 * drops mmu_lock, so the caller may sleep; walk_relock() takes mmu_lock
 * again; walk_resume() starts a new RCU section. */
#include <linux/kvm_host.h>
#include <linux/rcupdate.h>

void walk_yield(struct kvm *kvm)
{
	rcu_read_unlock();
	read_unlock(&kvm->mmu_lock);
}

void walk_relock(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
}

void walk_resume(struct kvm *kvm)
{
	rcu_read_lock();
}
