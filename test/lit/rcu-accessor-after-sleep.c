// An accessor at the same depth as a sleeping call is a definite violation:
// the sleep proves no caller holds RCU. Without the sleep it is only a
// precondition on callers, and stays silent.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/rcupdate.h>
#include <linux/slab.h>

struct foo { int x; };
struct foo __rcu *gp;

int after_unlock_and_sleep(void)
{
	struct foo *p;
	void *buf;
	int x;

	rcu_read_lock();
	p = rcu_dereference(gp);
	x = p->x;
	rcu_read_unlock();

	buf = kmalloc(64, GFP_KERNEL);
	p = rcu_dereference(gp); // expected-warning {{rcu_dereference() needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]}}
	kfree(buf);
	return x + p->x;
}

int precondition_only(void)
{
	struct foo *p;

	rcu_read_lock();
	rcu_read_unlock();
	p = rcu_dereference(gp); /* callers must hold RCU: not a finding here */
	return p->x;
}

int atomic_alloc_is_fine(void)
{
	struct foo *p;
	void *buf = kmalloc(64, GFP_ATOMIC);

	rcu_read_lock();
	p = rcu_dereference(gp);
	rcu_read_unlock();
	kfree(buf);
	return p != 0;
}
