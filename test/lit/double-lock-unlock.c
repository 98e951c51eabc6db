// Unlock of what is not held, double lock: judged within one function, and
// two instances of one lock class are never mistaken for one.
// RUN: %verify %s
#include <linux/spinlock.h>
#include <linux/mutex.h>

struct obj { spinlock_t lock; struct mutex m; int v; };

void double_unlock(struct obj *o)
{
	spin_lock(&o->lock);
	o->v++;
	spin_unlock(&o->lock);
	spin_unlock(&o->lock); // expected-warning {{unlock of 'struct obj::lock', which is not held here [rcuctx-unbalanced]}}
}

void double_lock(struct obj *o)
{
	mutex_lock(&o->m);
	mutex_lock(&o->m); // expected-warning {{'struct obj::m' is already held here}}
	mutex_unlock(&o->m);
	mutex_unlock(&o->m);
}

void two_instances(struct obj *a, struct obj *b)
{
	spin_lock(&a->lock);
	spin_lock(&b->lock);
	a->v = b->v;
	spin_unlock(&a->lock);
	spin_unlock(&b->lock);
}

void conditional_unlock(struct obj *o, int x)
{
	if (x)
		spin_lock(&o->lock);
	o->v = x;
	if (x)
		spin_unlock(&o->lock);
}
