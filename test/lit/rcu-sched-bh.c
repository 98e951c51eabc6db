// rcu_dereference_sched() needs preemption off, and bottom halves off is
// that too (local_bh_disable() adds to preempt_count, so
// rcu_read_lock_sched_held()'s !preemptible() holds): no warning under
// local_bh_disable() or spin_lock_bh(), one with nothing held.
// RUN: %verify %s
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct foo { int x; };
extern struct foo __rcu *gp;
extern spinlock_t lk;

// rcuctx-entry: process
int under_bh(void)
{
	int r;
	local_bh_disable();
	r = rcu_dereference_sched(gp)->x;
	local_bh_enable();
	spin_lock_bh(&lk);
	r += rcu_dereference_sched(gp)->x;
	spin_unlock_bh(&lk);
	return r;
}

// rcuctx-entry: process
int bare(void)
{
	return rcu_dereference_sched(gp)->x; // expected-warning {{rcu_dereference_sched() needs an RCU-sched read-side critical section}}
}
