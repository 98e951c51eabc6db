#include <linux/spinlock.h>
#include <linux/mutex.h>

struct kvm { rwlock_t mmu_lock; spinlock_t pages_lock; struct mutex slots_lock; };
void split(struct kvm *kvm, bool shared);
void walk_account(struct kvm *kvm);
void account(struct kvm *kvm);
void account_sometimes(struct kvm *kvm);
void account_protocol(struct kvm *kvm, int *locked);
int map(struct kvm *kvm);

/* split(kvm, true): the mode this call selects has a definite effect, so
 * the link judges what follows: mmu_lock was dropped in split.c. */
int map_after_shared_split(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	split(kvm, true);
	return map(kvm);
}

/* split(kvm, false): this mode's effect is not definite; what follows the
 * call stays uncertain and is left alone. */
int map_after_exclusive_split(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	split(kvm, false);
	return map(kvm);
}

/* walk_account() leaves pages_lock "as at entry or not held": no change
 * for a caller that does not hold it, and one that did would deadlock in
 * it. Its RCU entry is definite: its whole effect is composed. */
int map_after_account(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	walk_account(kvm);
	return map(kvm);
}

/* account(): only that lock, so nothing is imported, and the link trusts
 * what follows all the same: the call changes nothing. */
int map_after_account_only(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	account(kvm);
	return map(kvm);
}

/* account_sometimes(): the lock is taken under a test, and only its own
 * take is released: no change, what follows is judged. */
int map_after_account_sometimes(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	account_sometimes(kvm);
	return map(kvm);
}

/* account_protocol(): may give up the caller's hold, so its effect is
 * uncertain and what follows is left alone. */
int map_after_account_protocol(struct kvm *kvm, int *locked)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	account_protocol(kvm, locked);
	return map(kvm);
}
