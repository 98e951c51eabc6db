/* Defined here, called from faults.c. split() drops mmu_lock when shared
 * (a definite effect in that mode) and may enter RCU when not (an effect
 * that is not definite); walk_account() enters RCU and takes and drops
 * pages_lock on some paths, which no caller that can call it at all holds;
 * account() does only the latter; map() asserts mmu_lock held for read. */
#include <linux/spinlock.h>
#include <linux/rcupdate.h>

struct kvm { rwlock_t mmu_lock; spinlock_t pages_lock; };
extern int cond(void);

void split(struct kvm *kvm, bool shared)
{
	if (!shared && cond())
		rcu_read_lock();
	if (shared)
		read_unlock(&kvm->mmu_lock);
}

void walk_account(struct kvm *kvm)
{
	rcu_read_lock();
	if (cond())
		return;
	spin_lock(&kvm->pages_lock);
	spin_unlock(&kvm->pages_lock);
}

void account(struct kvm *kvm)
{
	if (cond())
		return;
	spin_lock(&kvm->pages_lock);
	spin_unlock(&kvm->pages_lock);
}

/* Takes pages_lock under a test of runtime state: from its summary alone
 * this is not told apart from `if (!locked) spin_lock(l); ...
 * spin_unlock(l);`, where the lock may be the caller's and is dropped. */
void account_sometimes(struct kvm *kvm)
{
	if (cond()) {
		spin_lock(&kvm->pages_lock);
		spin_unlock(&kvm->pages_lock);
	}
}

static int set_spte(struct kvm *kvm)
{
	lockdep_assert_held_read(&kvm->mmu_lock);
	return 0;
}

int map(struct kvm *kvm)
{
	return set_spte(kvm);
}
