// Finding (fuzz --loop-skips, strict mode; checker at 2b923dc): strict mode drops
// the definite need-after-sleep report that default mode gives since 94f1d83.
//
// Issue #19's own example. Default mode reports the call of peek() (a need of
// RCU after the section was dropped to sleep: violated on every execution);
// with -fplugin-arg-rcuctx-strict nothing is reported for it (only
// rcuctx-unbalanced for lock-based variants). Strict mode is meant to report
// everything default mode does plus "some path" cases, so this is a miss of a
// definite violation. test/lit/loop-skip-reacquire.c shows the same: in strict
// mode skip_with_continue, skip_accessor, skip_after_yield and
// skip_after_sleeping_callee are silent (break, goto retry and the lock
// variant are still reported). Most strict-mode definite misses of
// run.py --seeds 0..299 --loop-skips --strict are sites default mode reports (README).
//
//   clang-19 -fsyntax-only -fplugin=build/checker/rcuctx.so -I corpus/include \
//       [-fplugin-arg-rcuctx-strict] fuzz/findings/strict-loop-skip-need-after-sleep.c
// default: warning at the peek() call (line 37); strict: none.
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
			if (peek() == 1) // default: [rcuctx-rcu-section]; strict: silent
				continue;
			rcu_read_lock();
			continue;
		}
		s += rcu_dereference(gp)->v;
	}
	rcu_read_unlock();
	return s;
}
