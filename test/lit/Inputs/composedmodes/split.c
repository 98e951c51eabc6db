/* Defined here, called from faults.c. split() drops mmu_lock when shared
 * (a definite effect in that mode) and may enter RCU when not (an effect
 * that is not definite); walk_account() enters RCU and takes and drops
 * pages_lock on some paths, which no caller that can call it at all holds;
 * account() does only the latter; map() asserts mmu_lock held for read. */
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>

struct kvm { rwlock_t mmu_lock; spinlock_t pages_lock; struct mutex slots_lock; };
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

/* Takes pages_lock under a test of runtime state, and releases only what
 * it took: a caller holding the lock keeps it, one not holding it finds it
 * not held. No change. */
void account_sometimes(struct kvm *kvm)
{
	if (cond()) {
		spin_lock(&kvm->pages_lock);
		spin_unlock(&kvm->pages_lock);
	}
}

/* The caller may hold slots_lock (*locked says so) and this may give that
 * hold up: "as at entry or not held" is a change here, although the take
 * is on no runtime test (summary: "releases_entry"). */
void account_protocol(struct kvm *kvm, int *locked)
{
	if (*locked) {
		if (cond())
			mutex_unlock(&kvm->slots_lock);
		return;
	}
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
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
