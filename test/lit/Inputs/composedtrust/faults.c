#include <linux/spinlock.h>

struct kvm { rwlock_t mmu_lock; };
int map(struct kvm *kvm);
void walk_begin(void);
void maybe_begin(void);

/* After a call whose whole effect phase 2 composed into this file's
 * analysis, the link judges what follows: mmu_lock was released here. */
int fault_after_definite(struct kvm *kvm)
{
	int r;

	walk_begin();
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	r = map(kvm);
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	return r;
}

/* After a call whose effect is not definite, the state is not trusted and
 * the call is left alone (as before phase 2). */
int fault_after_maybe(struct kvm *kvm)
{
	int r;

	maybe_begin();
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	r = map(kvm);
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	return r;
}

/* chain_lock()'s composed effect lacks what its own call into locks.c may
 * do (take mmu_lock): what follows it stays uncertain. */
void chain_lock(struct kvm *kvm);
int fault_after_chain(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	read_unlock(&kvm->mmu_lock);
	chain_lock(kvm);
	return map(kvm);
}
