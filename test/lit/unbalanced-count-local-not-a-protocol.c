// RUN: %verify %s
// An integer local that counts (`n++`, `n += k`) is not followed: its
// stored constant says nothing after the count, and a test of it does not
// make its return a lock-and-return protocol. Followed, `return n` after
// `if (!n)` would read as "0 with the lock held, non-zero without" (as
// `ret = -EAGAIN` does, unbalanced-int-local-constants.c) and excuse the
// early return that forgets the unlock.
#include <linux/spinlock.h>

struct obj { spinlock_t lock; int x; };
int next(int);

int drain_inc(struct obj *o)
{
	int n = 0;

	spin_lock(&o->lock);
	while (next(n))
		n++;
	if (!n)
		return n; // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}
	spin_unlock(&o->lock);
	return n;
}

int drain_add(struct obj *o, int k)
{
	int n = 0;

	spin_lock(&o->lock);
	n += k;
	if (n) // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}
		spin_unlock(&o->lock);
	return n;
}

/* A flag or an error code, stored whole, is followed (no finding). */
int drain_err(struct obj *o)
{
	int err = 0;

	spin_lock(&o->lock);
	if (next(0))
		err = -16;
	if (err)
		spin_unlock(&o->lock);
	return err;
}
