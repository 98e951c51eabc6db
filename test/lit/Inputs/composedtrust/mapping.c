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

/* Enters RCU (a definite effect of its own, so its import is exact) and
 * calls maybe_lock() in locks.c, whose effect on mmu_lock is not definite:
 * its own effect as recorded lacks that. */
void maybe_lock(struct kvm *kvm);
void chain_lock(struct kvm *kvm)
{
	rcu_read_lock();
	maybe_lock(kvm);
}
