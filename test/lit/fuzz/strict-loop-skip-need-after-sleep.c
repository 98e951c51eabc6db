// Found by fuzz/run.py --loop-skips --strict (issue #19's own example):
// strict mode dropped the definite need-after-sleep report that default
// mode gives (since 94f1d83), although strict mode is meant to report
// everything default mode does. Fixed in ec2899a (a need after a sleep is
// judged by the move since, even at an unknown depth); both modes report
// the call of peek().
// RUN: %verify %s
// RUN: %verify -Xclang -plugin-arg-rcuctx -Xclang strict %s
#include <linux/rcupdate.h>
#include <linux/slab.h>

struct node { int v; };
struct node __rcu *gp;
extern int cond(int);
static int peek(void) { return rcu_dereference(gp)->v; }

// rcuctx-entry: process
int skip_with_continue(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			void *p;
			rcu_read_unlock();
			p = kmalloc(16, GFP_KERNEL);
			kfree(p);
			if (peek() == 1) // expected-warning {{'peek' needs an RCU read-side critical section, but none is held here}}
				continue;
			rcu_read_lock();
			continue;
		}
		s += rcu_dereference(gp)->v;
	}
	rcu_read_unlock();
	return s;
}
