// RUN: %verify %s
// A parameter tested both for its truth and for one bit of it, a sleep on
// every path: a caller that fixes neither still sees the sleep (found by
// review: the partition "bit set, flags false" was dropped as infeasible,
// and callers count 2^n valuations of such modes).
#include <linux/spinlock.h>
#include <linux/mutex.h>
#define X 0x4
struct s { spinlock_t lock; struct mutex m; int n; unsigned int fl; };
static struct mutex gm;

/* Sleeps on every path; tests flags and one bit of it. */
static void f(struct s *p, unsigned int flags)
{
	if (flags)
		p->n++;
	if (flags & X)
		p->n--;
	mutex_lock(&gm);
	mutex_unlock(&gm);
}

/* Same without the truth test (control). */
static void g(struct s *p, unsigned int flags)
{
	if (flags & X)
		p->n--;
	mutex_lock(&gm);
	mutex_unlock(&gm);
}

void caller_f(struct s *p)
{
	spin_lock(&p->lock);
	f(p, p->fl); // expected-warning {{'f' may sleep, but spinning lock}}
	spin_unlock(&p->lock);
}

void caller_g(struct s *p)
{
	spin_lock(&p->lock);
	g(p, p->fl); // expected-warning {{'g' may sleep, but spinning lock}}
	spin_unlock(&p->lock);
}
