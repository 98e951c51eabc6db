// A local pointer's NULL test is remembered: a later `if (it)` takes only
// the edges its classes allow, so a lock released on the NULL path and kept
// on the other is balanced by `if (it) spin_unlock()` (6.12's
// do_get_mempolicy(): `if (vma) mmap_read_unlock(mm);`). Both were false
// alarms before; a leak on the NULL path is still caught.
// RUN: %verify %s
#include <linux/spinlock.h>
struct item { int v; };
struct obj { spinlock_t lock; };
struct item *lookup(struct obj *o, unsigned long addr);
void use(struct item *it);

int get_item(struct obj *o, unsigned long addr)
{
	struct item *it = NULL;

	spin_lock(&o->lock);
	it = lookup(o, addr);
	if (!it) {
		spin_unlock(&o->lock);
		return -2;
	}
	use(it);
	if (it)
		spin_unlock(&o->lock);
	return 0;
}

int maybe_locked(struct obj *o, int flags)
{
	struct item *it = NULL;

	if (flags) {
		spin_lock(&o->lock);
		it = lookup(o, 0);
		if (!it) {
			spin_unlock(&o->lock);
			return -2;
		}
		use(it);
	}
	if (it)
		spin_unlock(&o->lock);
	return 0;
}

int leaks_when_missing(struct obj *o, unsigned long addr)
{
	struct item *it;

	spin_lock(&o->lock);
	it = lookup(o, addr);
	if (!it)
		return -2; // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}
	use(it);
	if (it)
		spin_unlock(&o->lock);
	return 0;
}
