#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/lockdep.h>
struct kvm { rwlock_t mmu_lock; int x; };
struct foo { int v; };
extern struct foo __rcu *gp;

static void zap(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
	kvm->x = 0;
}

void zap_all(struct kvm *kvm)
{
	zap(kvm);
}

int peek(void)
{
	return rcu_dereference(gp)->v;
}

void zap_read(struct kvm *kvm)
{
	lockdep_assert_held_read(&kvm->mmu_lock);
}
