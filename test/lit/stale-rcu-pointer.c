// A pointer read with an RCU accessor and dereferenced after its section
// ended (or in a later section) is a use-after-free lockdep cannot see.
// RUN: %verify %s
// RUN: %verify %debug_config %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/rcupdate.h>
#include <linux/sched.h>

struct kref { int refcount; };
int kref_get_unless_zero(struct kref *k);
struct foo { int x; struct kref ref; struct foo __rcu *next; };
struct foo __rcu *gp;

int after_unlock(void)
{
	struct foo *p;
	int x;

	rcu_read_lock();
	p = rcu_dereference(gp);
	rcu_read_unlock();
	x = p->x; // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended [rcuctx-stale-rcu-pointer]}}
	return x;
}
// CHECK: warning: 'p' is dereferenced after the RCU read-side critical section it was read in ended
// CHECK: note: 'p' is read with rcu_dereference() here
// CHECK: note: RCU read-side critical section ended here

int in_a_later_section(void)
{
	struct foo *p;
	int x;

	rcu_read_lock();
	p = rcu_dereference(gp);
	rcu_read_unlock();
	rcu_read_lock();
	x = p->x; // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended}}
	rcu_read_unlock();
	return x;
}

int reread_in_new_section(void)
{
	struct foo *p;
	int x;

	rcu_read_lock();
	p = rcu_dereference(gp);
	x = p->x;
	rcu_read_unlock();
	rcu_read_lock();
	p = rcu_dereference(gp);
	x += p->x;
	rcu_read_unlock();
	return x;
}

int reference_taken(void)
{
	struct foo *p;

	rcu_read_lock();
	p = rcu_dereference(gp);
	if (p && !kref_get_unless_zero(&p->ref))
		p = NULL;
	rcu_read_unlock();
	return p ? p->x : 0;
}

bool compared_only(struct foo *q)
{
	struct foo *p;

	rcu_read_lock();
	p = rcu_dereference(gp);
	rcu_read_unlock();
	return p == q || !p;
}

int copied_then_used(void)
{
	struct foo *p, *q;

	rcu_read_lock();
	p = rcu_dereference(gp);
	q = p;
	rcu_read_unlock();
	return q->x; // expected-warning {{'q' is dereferenced after}}
}

int cond_resched_rcu_yields(void)
{
	struct foo *p;
	int x = 0;

	rcu_read_lock();
	p = rcu_dereference(gp);
	cond_resched_rcu();
	x = p->x; // expected-warning {{'p' is dereferenced after}}
	rcu_read_unlock();
	return x;
}

extern int resched_wanted;

int one_path_only(void)
{
	struct foo *p;
	int x;

	rcu_read_lock();
	p = rcu_dereference(gp);
	if (resched_wanted) {
		rcu_read_unlock();
		rcu_read_lock();
	}
	x = p->x; /* stale on one path only: not definite */
	rcu_read_unlock();
	return x;
}
