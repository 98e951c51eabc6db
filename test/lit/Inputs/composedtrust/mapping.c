/* Defined here, called from faults.c: map() asserts mmu_lock held for read
 * (through set_spte()); walk_begin() always enters an RCU section, and
 * maybe_begin() only sometimes (its effect on RCU is not definite). */
#include <linux/spinlock.h>
#include <linux/rcupdate.h>

struct kvm { rwlock_t mmu_lock; };
extern int cond(void);

static int set_spte(struct kvm *kvm)
{
	lockdep_assert_held_read(&kvm->mmu_lock);
	return 0;
}

int map(struct kvm *kvm)
{
	return set_spte(kvm);
}

void walk_begin(void)
{
	rcu_read_lock();
}

void maybe_begin(void)
{
	if (cond())
		rcu_read_lock();
}
