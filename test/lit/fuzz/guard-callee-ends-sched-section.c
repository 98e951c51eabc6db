// Found by fuzz/run.py (seeds 134 and 151 of 0..299, default mode;
// minimised by fuzz/reduce.py and by hand). A callee takes a spinning lock
// with a scope-based guard in an inner block and returns balanced. Its
// caller later holds a spinlock, which disables preemption, so
// rcu_dereference_sched() is legal there. The checker reports it as outside
// an RCU-sched section, with a note that the section "ended" at the call of
// the callee: the guard's release is counted against the caller's later
// preemption-off state. The oracle never sees a violation (a default-mode
// false alarm).
//
// Fixed: the guard's cleanup undid the lock's preemption count twice (once
// as a counter delta, once with the lock).
// RUN: %verify %s
// expected-no-diagnostics
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct foo { int x; };
struct foo __rcu *gp;
spinlock_t sl1;
rwlock_t rw0;

static int scoped_write_lock(void)
{
	{
		guard(write_lock)(&rw0);
	}
	return 0;
}

// rcuctx-entry: process
int caller(void)
{
	int r = scoped_write_lock();

	spin_lock(&sl1);
	r += rcu_dereference_sched(gp)->x;
	spin_unlock(&sl1);
	return r;
}
