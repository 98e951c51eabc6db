// RUN: %verify %s
// A field this file reads with a lockdep condition naming a global lock
// (rcu_dereference_protected(p->f, lockdep_is_held(&cfg_mutex))) changes only
// under that lock: the condition is the code's own word that cfg_mutex keeps
// the updaters out. A pointer read from that field under RCU, with the lock
// held, stays valid after the section until the lock is released, as for the
// rules' update_side_locks (stale-rcu-pointer-update-side-lock.c), with no
// rule written (net/ipv4/fib_frontend.c's rtentry_to_fib_config() walks
// in_dev->ifa_list under RCU and RTNL; in_dev_for_each_ifa_rtnl() in the same
// file reads it with rtnl_dereference()). The protected read may come after
// the use in the file. Fields no protected read names keep the section alone,
// and so does a lock in an object (a class, not the instance read from).
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/lockdep.h>

struct cfg { int val; };
struct dev {
	struct cfg __rcu *cur;   /* read under cfg_mutex below */
	struct cfg __rcu *other; /* never */
	struct cfg __rcu *own;   /* under the object's own lock */
	struct mutex lock;
};
struct mutex cfg_mutex;

int held_across(struct dev *d)
{
	struct cfg *c;
	int n;

	mutex_lock(&cfg_mutex);
	rcu_read_lock();
	c = rcu_dereference(d->cur);
	rcu_read_unlock();
	n = c->val;
	mutex_unlock(&cfg_mutex);
	return n;
}

int after_release(struct dev *d)
{
	struct cfg *c;

	mutex_lock(&cfg_mutex);
	rcu_read_lock();
	c = rcu_dereference(d->cur);
	rcu_read_unlock();
	mutex_unlock(&cfg_mutex);
	return c->val; // expected-warning {{'c' is dereferenced after the RCU read-side critical section it was read in ended and 'cfg_mutex', which keeps it stable, was released}}
}

int other_field(struct dev *d)
{
	struct cfg *c;
	int n;

	mutex_lock(&cfg_mutex);
	rcu_read_lock();
	c = rcu_dereference(d->other);
	rcu_read_unlock();
	n = c->val; // expected-warning {{'c' is dereferenced after the RCU read-side critical section it was read in ended}}
	mutex_unlock(&cfg_mutex);
	return n;
}

int object_lock_class(struct dev *d, struct dev *e)
{
	struct cfg *c;
	int n;

	mutex_lock(&e->lock);
	rcu_read_lock();
	c = rcu_dereference(d->own);
	rcu_read_unlock();
	n = c->val; // expected-warning {{'c' is dereferenced after the RCU read-side critical section it was read in ended}}
	mutex_unlock(&e->lock);
	return n;
}

/* The file's own word on the fields, after their uses. */
int update(struct dev *d, struct cfg *n)
{
	struct cfg *old = rcu_dereference_protected(d->cur, lockdep_is_held(&cfg_mutex));
	struct cfg *mine = rcu_dereference_protected(d->own, lockdep_is_held(&d->lock));

	rcu_assign_pointer(d->cur, n);
	return old->val + mine->val;
}
