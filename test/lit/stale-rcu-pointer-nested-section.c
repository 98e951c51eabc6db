// RUN: %verify %s
// Read-side sections nest: a grace period waits for the outermost
// rcu_read_unlock(), so a pointer read in an inner section stays valid
// while an outer one this function entered is still held. It is stale once
// every section of the flavour the function entered has ended (and a new
// section taken after that does not make it valid again:
// stale-rcu-pointer.c's in_a_later_section()).
#include <linux/rcupdate.h>

struct foo { int x; };
struct foo __rcu *gp;

int inner_ended(void)
{
	struct foo *p;
	int r;

	rcu_read_lock();
	rcu_read_lock();
	p = rcu_dereference(gp);
	rcu_read_unlock();
	r = p->x;
	rcu_read_unlock();
	return r;
}

int all_ended(void)
{
	struct foo *p;

	rcu_read_lock();
	rcu_read_lock();
	p = rcu_dereference(gp);
	rcu_read_unlock();
	rcu_read_unlock();
	return p->x; // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended}}
}
