// An early return that keeps a section or lock held while other paths
// release it is reported at that return.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct foo { int x; spinlock_t lock; };
struct foo __rcu *gp;

int rcu_leaked(int flag)
{
	struct foo *p;

	rcu_read_lock();
	p = rcu_dereference(gp);
	if (!p)
		return -EINVAL; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others [rcuctx-unbalanced]}}
	flag += p->x;
	rcu_read_unlock();
	return flag;
}

int lock_leaked(struct foo *f, int err)
{
	spin_lock(&f->lock);
	if (err)
		return err; // expected-warning {{returns with 'struct foo::lock' held on this path but not on others}}
	f->x++;
	spin_unlock(&f->lock);
	return 0;
}

int balanced(struct foo *f, int err)
{
	spin_lock(&f->lock);
	if (err) {
		spin_unlock(&f->lock);
		return err;
	}
	f->x++;
	spin_unlock(&f->lock);
	return 0;
}

/* A conditional acquirer is a protocol, not an imbalance. */
bool foo_trylock_ready(struct foo *f)
{
	if (!spin_trylock(&f->lock))
		return false;
	if (f->x) {
		spin_unlock(&f->lock);
		return false;
	}
	return true;
}
