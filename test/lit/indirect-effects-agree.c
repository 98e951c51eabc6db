// The effect of a call through a pointer is applied only where every target
// that returns agrees on it; where they differ (one drops the lock, one does
// not), the call has no effect, as an unknown call has: nothing after it is
// judged from a state only one target leaves.
// RUN: %verify %s
// RUN: %verify -Xclang -plugin-arg-rcuctx -Xclang strict %s
#include <linux/kvm_host.h>

struct obj { spinlock_t lock; int v; };
struct unlock_ops { void (*release)(struct obj *o); };
struct maybe_ops { void (*done)(struct obj *o); };

static void release_a(struct obj *o) { spin_unlock(&o->lock); }
static void release_b(struct obj *o) { o->v = 0; spin_unlock(&o->lock); }
static const struct unlock_ops ua = { .release = release_a };
static const struct unlock_ops ub = { .release = release_b };

static void done_unlocks(struct obj *o) { spin_unlock(&o->lock); }
static void done_keeps(struct obj *o) { o->v++; }
static const struct maybe_ops ma = { .done = done_unlocks };
static const struct maybe_ops mb = { .done = done_keeps };

/* Both targets release the lock: after the call it is not held. */
void agreed(struct obj *o, const struct unlock_ops *ops)
{
	spin_lock(&o->lock);
	ops->release(o);
	spin_unlock(&o->lock); // expected-warning {{unlock of 'struct obj::lock', which is not held here [rcuctx-unbalanced]}}
}

/* The targets disagree: no effect, and no finding either way. */
void disagreed(struct obj *o, const struct maybe_ops *ops)
{
	spin_lock(&o->lock);
	ops->done(o);
	spin_unlock(&o->lock);
}
