// More shapes from 6.12 KVM: the locks of two objects of one class released
// in turn; GUP dropping mmap_lock behind an out-parameter; rwlock irqsave
// variants; a WARN_ON on an unrelated refcount; an error code returned with
// a lock held is a leak, not a conditional-acquire protocol.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/kvm_host.h>
#include <linux/mm.h>

void sev_unlock_two_vms(struct kvm *dst_kvm, struct kvm *src_kvm)
{
	mutex_unlock(&dst_kvm->lock);
	mutex_unlock(&src_kvm->lock);
}

long get_user_pages_remote(struct mm_struct *mm, unsigned long start, unsigned long nr,
			   unsigned int flags, void **pages, int *locked);

void async_pf_execute(struct mm_struct *mm, unsigned long addr)
{
	int locked = 1;

	mmap_read_lock(mm);
	get_user_pages_remote(mm, addr, 1, 0, 0, &locked);
	if (locked)
		mmap_read_unlock(mm);
}

struct gpc { rwlock_t lock; int valid; };

int update_runstate(struct gpc *g)
{
	unsigned long flags;

	read_lock_irqsave(&g->lock, flags);
	if (!g->valid) {
		read_unlock_irqrestore(&g->lock, flags);
		return -EAGAIN;
	}
	read_unlock_irqrestore(&g->lock, flags);
	return 0;
}

struct root { refcount_t count; };

void put_root(struct root *r)
{
	WARN_ON_ONCE(!refcount_read(&r->count));
}

int alloc_under_lock(struct kvm *kvm, void *p)
{
	read_lock(&kvm->mmu_lock);
	if (!p)
		return -ENOMEM; // expected-warning {{returns with 'struct kvm::mmu_lock' held on this path but not on others}}
	read_unlock(&kvm->mmu_lock);
	return 0;
}

struct gpc2 { rwlock_t lock; int valid; };

/* xen.c: two caches' locks of one class, taken by trylock, released in turn. */
void update_two(struct gpc2 *gpc1, struct gpc2 *gpc2, int atomic)
{
	unsigned long flags;

	read_lock_irqsave(&gpc1->lock, flags);
	if (!read_trylock(&gpc2->lock)) {
		read_unlock_irqrestore(&gpc1->lock, flags);
		return;
	}
	gpc1->valid = gpc2->valid;
	read_unlock(&gpc2->lock);
	read_unlock_irqrestore(&gpc1->lock, flags);
}
