// Whether an allocation may sleep is read from its GFP flags, evaluated
// through the kernel's macros; a gfp_t parameter makes it the caller's
// question, answered where a constant is passed.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/spinlock.h>
#include <linux/slab.h>

struct cache { spinlock_t lock; struct kmem_cache *kc; };

static void *alloc_obj(struct cache *c, gfp_t gfp)
{
	return kmem_cache_zalloc(c->kc, gfp);
}

static void *alloc_twice_removed(struct cache *c, gfp_t gfp)
{
	return alloc_obj(c, gfp | __GFP_ACCOUNT);
}

void *under_lock(struct cache *c)
{
	void *a, *b, *d;

	spin_lock(&c->lock);
	a = alloc_obj(c, GFP_ATOMIC);
	b = alloc_obj(c, GFP_NOWAIT);
	d = alloc_twice_removed(c, GFP_KERNEL); // expected-warning {{'alloc_twice_removed' may sleep, but spinning lock 'struct cache::lock' is held here [rcuctx-sleep-in-atomic]}}
	spin_unlock(&c->lock);
	return a ? a : b ? b : d;
}

void *direct(struct cache *c)
{
	void *p;

	spin_lock(&c->lock);
	p = kmalloc(32, GFP_KERNEL_ACCOUNT); // expected-warning {{'kmalloc' may sleep, but spinning lock 'struct cache::lock' is held here}}
	spin_unlock(&c->lock);
	p = kmalloc(32, GFP_KERNEL);
	return p;
}

void *page(struct cache *c)
{
	unsigned long p;

	spin_lock(&c->lock);
	p = __get_free_page(GFP_KERNEL); // expected-warning {{'__get_free_page' may sleep}}
	spin_unlock(&c->lock);
	return (void *)p;
}
