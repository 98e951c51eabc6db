// A lock the analysis cannot name (a pointer computed at run time, with no
// field or global to name its class by) takes no part in the lock order:
// two functions taking two such locks in opposite orders are no cycle,
// because nothing says the two are the same two classes.
// RUN: %verify %s
#include <linux/spinlock.h>

struct a { spinlock_t l; };
extern spinlock_t *pick(int i);
extern spinlock_t ga, gb;

void one(void)
{
	spinlock_t *x = pick(0), *y = pick(1);

	spin_lock(x);
	spin_lock(y);
	spin_unlock(y);
	spin_unlock(x);
}

void other(void)
{
	spinlock_t *x = pick(0), *y = pick(1);

	spin_lock(y);
	spin_lock(x);
	spin_unlock(x);
	spin_unlock(y);
}

/* The same shape on locks with names is a cycle. */
void named_one(void)
{
	spin_lock(&ga);
	spin_lock(&gb); // expected-warning {{possible deadlock: 'named_one' acquires 'gb' while holding 'ga', and 'named_other' acquires 'ga' while holding 'gb' [rcuctx-lock-order]}}
	spin_unlock(&gb);
	spin_unlock(&ga);
}

void named_other(void)
{
	spin_lock(&gb);
	spin_lock(&ga);
	spin_unlock(&ga);
	spin_unlock(&gb);
}
