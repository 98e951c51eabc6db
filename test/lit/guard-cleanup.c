// guard() and scoped_guard() hold their context until the end of the scope
// (a variable with __attribute__((cleanup))).
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/sched.h>

struct foo { int x; spinlock_t lock; };
struct foo __rcu *gp;

int rcu_guard_scope(void)
{
	int x;
	{
		guard(rcu)();
		x = rcu_dereference(gp)->x;
		kmalloc(8, GFP_KERNEL); // expected-warning {{'kmalloc' may sleep, but an RCU read-side critical section is held here}}
	}
	kmalloc(8, GFP_KERNEL); /* the guard ended with its scope */
	return x;
}

int rcu_guard_whole_function(void)
{
	guard(rcu)();
	return rcu_dereference(gp)->x;
}

int scoped_rcu(void)
{
	int x = 0;

	scoped_guard(rcu) {
		x = rcu_dereference(gp)->x;
	}
	msleep(1);
	return x;
}

void spin_guard(struct foo *f)
{
	guard(spinlock)(&f->lock);
	f->x++;
	kzalloc(16, GFP_KERNEL); // expected-warning {{'kzalloc' may sleep, but spinning lock 'struct foo::lock' is held here}}
}

void spin_guard_early_return(struct foo *f)
{
	guard(spinlock)(&f->lock);
	if (f->x)
		return; /* the cleanup runs on every exit: no imbalance */
	f->x = 1;
}

int scoped_spin_then_sleep(struct foo *f)
{
	scoped_guard(spinlock, &f->lock)
		f->x++;
	return kmalloc(8, GFP_KERNEL) != 0;
}
