// RUN: %verify %s
// Two instances of one lock class taken in one function are each held
// until their own unlock (LockNesting::HeldBy): a double unlock or a leak
// of one of them is reported, also where the function touches another
// instance of the class elsewhere, which once stopped the class being
// judged in the whole function; unlocks in any order are fine.
#include <linux/spinlock.h>

struct obj { spinlock_t lock; int n; };
extern int opaque(void);

void double_unlock_then_other(struct obj *a, struct obj *b)
{
	spin_lock(&a->lock);
	spin_unlock(&a->lock);
	spin_unlock(&a->lock); // expected-warning {{unlock of 'struct obj::lock', which is not held here}}
	spin_lock(&b->lock);
	spin_unlock(&b->lock);
}

void leak_then_other(struct obj *a, struct obj *b)
{
	spin_lock(&a->lock);
	if (opaque())
		return; // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}
	spin_unlock(&a->lock);
	spin_lock(&b->lock);
	spin_unlock(&b->lock);
}

void both_in_any_order(struct obj *a, struct obj *b)
{
	spin_lock(&a->lock);
	spin_lock(&b->lock);
	a->n = b->n;
	spin_unlock(&a->lock);
	spin_unlock(&b->lock);
}

void one_of_two_leaked(struct obj *a, struct obj *b)
{
	spin_lock(&a->lock);
	spin_lock(&b->lock);
	if (opaque()) {
		spin_unlock(&a->lock);
		return; // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}
	}
	spin_unlock(&b->lock);
	spin_unlock(&a->lock);
}
