// A struct field that points to a lock (seqcount_spinlock_t's ->lock) is an
// alias of a lock taken under another name: it is never judged by class.
// RUN: %verify %s
#include <linux/spinlock.h>
#include <linux/slab.h>

// expected-no-diagnostics

typedef struct { unsigned sequence; spinlock_t *lock; } seqcount_spinlock_t;

static inline void seqprop_assert(seqcount_spinlock_t *s)
{
	lockdep_assert_held(s->lock);
}

struct irqfds { spinlock_t lock; seqcount_spinlock_t sc; };

int irqfd_assign(struct irqfds *f)
{
	void *p = kzalloc(16, GFP_KERNEL);

	spin_lock(&f->lock);
	seqprop_assert(&f->sc);
	spin_unlock(&f->lock);
	kfree(p);
	return 0;
}
