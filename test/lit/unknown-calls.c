// Calls through function pointers and to functions without a body or rule
// are unknown: they never create a finding.
// RUN: %verify %s
#include <linux/spinlock.h>
#include <linux/slab.h>

// expected-no-diagnostics

struct ops { void (*flush)(void *); };
struct obj { spinlock_t lock; const struct ops *ops; };
void external_helper(struct obj *o);

void through_pointer(struct obj *o)
{
	spin_lock(&o->lock);
	o->ops->flush(o);
	external_helper(o);
	spin_unlock(&o->lock);
}
