// A mode that is a field of a pointer parameter (`ops->unlocks == 1`): the
// callee's exit is followed per value, and a caller resolves it on the const
// table it passes (`&unlocking_ops`, also through a local initialised from
// a ternary, and a field the initialiser leaves out is zero).
// RUN: %verify %s
#include <linux/spinlock.h>

struct dev { spinlock_t lock; int n; };
#define DEV_UNLOCK 4
struct dev_ops { void (*run)(struct dev *d); int unlocks; };

static void finish(struct dev *d, const struct dev_ops *ops)
{
	d->n++;
	if (ops->unlocks == 1)
		spin_unlock(&d->lock);
}

static void nop(struct dev *d) { }
static const struct dev_ops unlocking_ops = { .run = nop, .unlocks = 1 };
static const struct dev_ops keeping_ops = { .run = nop, .unlocks = 0 };
static const struct dev_ops default_ops = { .run = nop };

void finish_unlocked(struct dev *d)
{
	spin_lock(&d->lock);
	finish(d, &unlocking_ops);
}

void finish_locked(struct dev *d)
{
	spin_lock(&d->lock);
	finish(d, &keeping_ops);
	finish(d, &default_ops);
	spin_unlock(&d->lock);
}

void finish_chosen(struct dev *d, int flags)
{
	const struct dev_ops *ops = (flags & DEV_UNLOCK) ? &unlocking_ops : &keeping_ops;

	spin_lock(&d->lock);
	finish(d, ops);
	if (!(flags & DEV_UNLOCK))
		spin_unlock(&d->lock);
}

void finish_twice(struct dev *d)
{
	spin_lock(&d->lock);
	finish(d, &unlocking_ops);
	spin_unlock(&d->lock); // expected-warning {{unlock of 'struct dev::lock', which is not held here}}
}
