// ULONG_MAX is no -1: an unsigned constant past INT64_MAX names no constant
// (facts/ValueTests' constantValueOf()), so `best == ULONG_MAX` is not read
// as an error class the local never has (which would drop that branch and
// the leak on it).
// RUN: %verify %s
#include <linux/mutex.h>

#define ULONG_MAX (~0UL)
struct s { struct mutex m; };

void pick(struct s *x, int c)
{
	unsigned long best = ULONG_MAX;

	if (c)
		best = 5;
	mutex_lock(&x->m);
	if (best == ULONG_MAX)
		return; // expected-warning {{returns with 'struct s::m' held on this path but not on others [rcuctx-unbalanced]}}
	mutex_unlock(&x->m);
}
