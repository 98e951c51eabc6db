/* Each caller drops mmu_lock, calls into lib.c, then map() needs it: the
 * link judges map() only after a call whose effect it can trust. */
#include <linux/spinlock.h>
#include <linux/mutex.h>

struct mm_struct;
struct kvm { rwlock_t mmu_lock; spinlock_t pages_lock; struct mutex slots_lock; struct mm_struct *mm; };
void relock_and_drop(struct kvm *kvm);
void account_sometimes(struct kvm *kvm);
void fault_in(struct kvm *kvm, int *locked);
int map(struct kvm *kvm);

int after_relock_and_drop(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	relock_and_drop(kvm);
	return map(kvm);
}

int after_account_sometimes(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	account_sometimes(kvm);
	return map(kvm);
}

int after_fault_in(struct kvm *kvm, int *locked)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	fault_in(kvm, locked);
	return map(kvm);
}

void account_flagged(struct kvm *kvm, int nr);

int after_account_flagged(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	account_flagged(kvm, 4);
	return map(kvm);
}
