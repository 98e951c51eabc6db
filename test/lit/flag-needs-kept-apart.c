// Two needs of one function under unrelated path flags -- one where a flag
// bit of an object is set, one where a pointer parameter is not NULL -- are
// exported apart: merged under the flags they share (none), the need would
// hold at a caller that finds the bit clear and passes NULL, where neither
// does (summaries/Judge.cpp mergeablePathFlags()). Both arms of one test
// are merged (flag-both-arms-exported.c).
// RUN: %verify %debug_config %s
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

enum { HW_F_X = 1 << 2 };
struct cfg { int v; };
struct hw { unsigned long flags; struct cfg __rcu *a; };
static struct hw ghw;
static struct work_struct w, w2;

static int pick(struct hw *h, struct hw *q)
{
	int v = 0;

	if (h->flags & HW_F_X)
		v += rcu_dereference(h->a)->v;
	if (q)
		v += rcu_dereference(h->a)->v;
	return v;
}

static void work_fn(struct work_struct *unused)
{
	if (!(ghw.flags & HW_F_X))
		pick(&ghw, 0);
}

static void work_fn2(struct work_struct *unused)
{
	if (!(ghw.flags & HW_F_X))
		pick(&ghw, &ghw); // expected-warning {{'pick' needs an RCU read-side critical section, but none is held here}}
}

void start(void)
{
	INIT_WORK(&w, work_fn);
	INIT_WORK(&w2, work_fn2);
}
