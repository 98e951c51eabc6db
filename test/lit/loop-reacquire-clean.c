// The twins of loop-skip-reacquire.c that re-take the section before every
// `continue` (or need nothing after the sleep), and a need that a depth
// change since the sleep satisfies: all clean.
// RUN: %verify %s
// RUN: %verify %debug_config %s
// RUN: %verify -Xclang -plugin-arg-rcuctx -Xclang strict %s
// expected-no-diagnostics
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sched.h>

struct node { int v; };
struct node __rcu *gp;
extern int cond(int);
static int peek(void) { return rcu_dereference(gp)->v; }

int retake_before_continue(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			void *p;
			rcu_read_unlock();
			p = kmalloc(16, GFP_KERNEL);
			kfree(p);
			rcu_read_lock();
			if (peek() == 1)
				continue;
			continue;
		}
		s += rcu_dereference(gp)->v;
	}
	rcu_read_unlock();
	return s;
}

int early_continue_needs_nothing(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			rcu_read_unlock();
			kfree(kmalloc(16, GFP_KERNEL));
			if (cond(2)) {
				rcu_read_lock();
				continue;
			}
			rcu_read_lock();
			s += peek();
			continue;
		}
		s += rcu_dereference(gp)->v;
	}
	rcu_read_unlock();
	return s;
}

// A sleep on one path only: no mark survives the join.
int sleep_on_some_paths(int n)
{
	int i, s = 0;
	for (i = 0; i < n; i++) {
		if (cond(i))
			kfree(kmalloc(16, GFP_KERNEL));
		rcu_read_lock();
		s += peek();
		rcu_read_unlock();
	}
	return s;
}
