// A trylock holds the lock only on the branch where it succeeded.
// RUN: %verify %s
#include <linux/spinlock.h>
#include <linux/slab.h>

struct obj { spinlock_t lock; int v; };

int try_then_work(struct obj *o)
{
	if (!spin_trylock(&o->lock))
		return -EBUSY;
	o->v++;
	spin_unlock(&o->lock);
	return 0;
}

int try_positive(struct obj *o)
{
	if (spin_trylock(&o->lock)) {
		o->v++;
		kmalloc(4, GFP_KERNEL); // expected-warning {{'kmalloc' may sleep, but spinning lock 'struct obj::lock' is held here}}
		spin_unlock(&o->lock);
	}
	return (int)(long)kmalloc(4, GFP_KERNEL);
}
