// Strict mode reports what default mode reports: a need whose lowest depth
// the loop's widening lost (a `goto retry` that skips re-disabling
// preemption: the depth at the label falls each time round) is judged by
// its highest depth, as in default mode, instead of being dropped as
// "unknown" (issue #19; fuzz seed 287 of --loop-skips, a strict-mode miss
// that default mode reported). Here the need comes right after a sleep on
// every path, so it is a contradiction whatever the depth.
// RUN: %verify %s
// RUN: %check -Xclang -verify -Xclang -verify-ignore-unexpected=note -Xclang -plugin-arg-rcuctx -Xclang strict %s
#include <linux/rcupdate.h>
#include <linux/sched.h>

struct foo { int x; };
struct foo __rcu *gp;
extern int cond(void);

int skip_disable_with_goto(void)
{
	int r = 0, t = 0;
	preempt_disable();
	for (int s = 0; s < 3 && cond(); s++) {
	retry:;
		preempt_enable();
		synchronize_rcu();
		r += rcu_dereference_sched(gp)->x; // expected-warning {{rcu_dereference_sched() needs an RCU-sched read-side critical section, but none is held here [rcuctx-rcu-section]}}
		if (t++ < 1 && cond())
			goto retry;
		preempt_disable();
	}
	preempt_enable();
	return r;
}
