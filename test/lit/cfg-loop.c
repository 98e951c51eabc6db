// Loops reach a fixpoint: a section taken and dropped per iteration is
// balanced; sleeping inside the section in the loop body is found.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/rcupdate.h>
#include <linux/sched.h>

struct foo { int x; };
struct foo __rcu *gp;

int balanced_per_iteration(int n)
{
	int s = 0;

	for (int i = 0; i < n; i++) {
		rcu_read_lock();
		s += rcu_dereference(gp)->x;
		rcu_read_unlock();
		cond_resched();
	}
	return s;
}

int sleeps_in_section(int n)
{
	int s = 0;

	rcu_read_lock();
	while (n--) {
		s += rcu_dereference(gp)->x;
		if (s > 100)
			cond_resched(); // expected-warning {{'cond_resched' may sleep, but an RCU read-side critical section is held here [rcuctx-sleep-in-atomic]}}
	}
	rcu_read_unlock();
	return s;
}

int nests_per_iteration(int n)
{
	/* Depth grows per iteration: widening keeps the analysis finite. */
	do {
		rcu_read_lock();
	} while (--n > 0);
	msleep(1); // expected-warning {{'msleep' may sleep, but an RCU read-side critical section is held here}}
	return 0;
}
