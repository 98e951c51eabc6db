// RCU sections nest: leaving an inner section keeps the outer one.
// RUN: %verify %s
#include <linux/rcupdate.h>
#include <linux/sched.h>

// expected-no-diagnostics

struct foo { int x; };
struct foo __rcu *gp;

int nested(void)
{
	int x;

	rcu_read_lock();
	rcu_read_lock();
	rcu_read_unlock();
	x = rcu_dereference(gp)->x;
	rcu_read_unlock();
	msleep(1);
	return x;
}
