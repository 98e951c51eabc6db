// A callee that needs RCU on both arms of a flag test owes the section
// whatever the caller found of the flag: a caller that found it set still
// owes it. (The export merges one need of both arms into one under the
// flags both paths agree on, summaries/Judge.cpp, so neither arm's need
// stands for the other's -- and one function's arms do not fill the 64
// needs it exports, crowding others out.)
// RUN: %verify %debug_config %s
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

enum { HW_F_X = 1 << 2 };
struct cfg { int v; };
struct hw { unsigned long flags; struct cfg __rcu *a, *b; };
static struct hw ghw;
static struct work_struct w;

static int pick(struct hw *h)
{
	if (!(h->flags & HW_F_X))
		return rcu_dereference(h->b)->v;
	return rcu_dereference(h->a)->v;
}

static void work_fn(struct work_struct *unused)
{
	if (ghw.flags & HW_F_X)
		pick(&ghw); // expected-warning {{'pick' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]}}
}

void setup(void)
{
	INIT_WORK(&w, work_fn);
}
