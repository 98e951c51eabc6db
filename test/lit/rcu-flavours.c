// Each RCU flavour needs its own reader: rcu_dereference_sched() is happy
// with preemption off (a spinning lock, preempt_disable, IRQs off),
// rcu_dereference_bh() with softirqs off, list_for_each_entry_rcu() with any.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <linux/sched.h>

struct foo { int x; struct list_head node; };
struct foo __rcu *gp;
spinlock_t lk;

int sched_flavour(void)
{
	int x;

	spin_lock(&lk);
	x = rcu_dereference_sched(gp)->x;
	spin_unlock(&lk);
	preempt_disable();
	x += rcu_dereference_sched(gp)->x;
	preempt_enable();
	rcu_read_lock_sched();
	x += rcu_dereference_sched(gp)->x;
	rcu_read_unlock_sched();
	msleep(1);
	x += rcu_dereference_sched(gp)->x; // expected-warning {{rcu_dereference_sched() needs an RCU-sched read-side critical section, but none is held here}}
	return x;
}

int bh_flavour(void)
{
	int x;

	rcu_read_lock_bh();
	x = rcu_dereference_bh(gp)->x;
	rcu_read_unlock_bh();
	rcu_read_lock();
	rcu_read_unlock();
	msleep(1);
	x += rcu_dereference_bh(gp)->x; // expected-warning {{rcu_dereference_bh() needs an RCU-bh read-side critical section, but none is held here}}
	return x;
}

int any_flavour(struct list_head *h)
{
	struct foo *f;
	int s = 0;

	rcu_read_lock_bh();
	list_for_each_entry_rcu(f, h, node)
		s += f->x;
	rcu_read_unlock_bh();
	msleep(1);
	list_for_each_entry_rcu(f, h, node) // expected-warning {{list_for_each_entry_rcu() needs an RCU read-side critical section, but none is held here}}
		s += f->x;
	return s;
}
