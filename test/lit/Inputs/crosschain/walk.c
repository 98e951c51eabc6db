/* The walk's own helpers (tdp_mmu.c's part): a walk holds mmu_lock for read
 * and an RCU read-side critical section; is_mirror_sptep() reads the page
 * table page an SPTE pointer belongs to, with rcu_dereference(). */
#include <linux/kvm_host.h>
#include <linux/rcupdate.h>

struct sp { int role; };

void walk_begin(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	rcu_read_lock();
}

void walk_end(struct kvm *kvm)
{
	rcu_read_unlock();
	read_unlock(&kvm->mmu_lock);
}

bool is_mirror_sptep(struct sp __rcu **sptep)
{
	struct sp *sp = rcu_dereference(*sptep);

	return sp->role;
}
