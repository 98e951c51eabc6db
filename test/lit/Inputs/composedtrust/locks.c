#include <linux/spinlock.h>

struct kvm { rwlock_t mmu_lock; };
extern int cond(void);

void maybe_lock(struct kvm *kvm)
{
	if (cond())
		read_lock(&kvm->mmu_lock);
}
