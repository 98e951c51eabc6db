/* Callees for crossfile-releases-entry.test: which of them may release a
 * lock their caller holds (summary: "releases_entry"). */
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/mm.h>

extern int cond(void);
struct page;
long get_user_pages_remote(struct mm_struct *mm, unsigned long start, unsigned long nr_pages,
			   unsigned int gup_flags, struct page **pages, int *locked);
struct kvm { rwlock_t mmu_lock; spinlock_t pages_lock; struct mutex slots_lock; struct mm_struct *mm; };

/* Swaps the caller's hold of slots_lock for its own: held at exit. */
void relock(struct kvm *kvm)
{
	mutex_unlock(&kvm->slots_lock);
	cond();
	mutex_lock(&kvm->slots_lock);
}

/* May release the caller's slots_lock through relock(), then drops its own
 * re-take: "as at entry or not held", and a change. */
void relock_and_drop(struct kvm *kvm)
{
	if (cond())
		return;
	relock(kvm);
	mutex_unlock(&kvm->slots_lock);
}

void account(struct kvm *kvm)
{
	spin_lock(&kvm->pages_lock);
	spin_unlock(&kvm->pages_lock);
}

/* Takes and drops its own pages_lock through account(): no change. */
void account_sometimes(struct kvm *kvm)
{
	if (cond())
		return;
	account(kvm);
}

/* GUP may drop mmap_lock and take it again (its *locked protocol): perhaps
 * the caller's hold. */
void fault_in(struct kvm *kvm, int *locked)
{
	if (cond()) {
		mmap_read_lock(kvm->mm);
		mmap_read_unlock(kvm->mm);
		return;
	}
	get_user_pages_remote(kvm->mm, 0, 1, 0, 0, locked);
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

/* Takes pages_lock at most once, under a local flag, and drops it by the
 * same flag (6.12's mmu_try_to_unsync_pages()): its own lock, no change.
 * (The flag's value at each join keeps the two paths apart.) */
void account_flagged(struct kvm *kvm, int nr)
{
	bool locked = false;
	int i;

	for (i = 0; i < nr; i++) {
		if (!cond())
			continue;
		if (!locked) {
			locked = true;
			spin_lock(&kvm->pages_lock);
		}
	}
	if (locked)
		spin_unlock(&kvm->pages_lock);
}
