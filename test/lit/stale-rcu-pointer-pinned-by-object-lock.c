// RUN: %verify %s
// A lock in the object an RCU pointer points to, taken while the section
// lasts, keeps the pointer valid after the section ends, until that lock
// is released: `spin_lock_bh(&pmc->lock); rcu_read_unlock();` and the
// object used under its lock (net/ipv4/igmp.c's ip_mc_del_src() and
// ip_mc_add1_src(), 35 findings in the whole-kernel run; issue #14's pins).
// Once the lock is dropped the pointer is stale again, and a lock taken
// after the section, or another object's lock, pins nothing.
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct item { spinlock_t lock; int count; struct { spinlock_t lock; } inner; struct item __rcu *next; };
struct list { struct item __rcu *first; spinlock_t lock; };
int use_item(struct item *p) { return p->count; }
void use_item_lock(spinlock_t *l);

int locked_then_left(struct list *l)
{
	struct item *p;

	rcu_read_lock();
	p = rcu_dereference(l->first);
	if (!p) {
		rcu_read_unlock();
		return -1;
	}
	spin_lock_bh(&p->lock);
	rcu_read_unlock();
	p->count++;
	use_item(p);
	spin_unlock_bh(&p->lock);
	return 0;
}

int nested_field_lock(struct list *l)
{
	struct item *p;
	int n;

	rcu_read_lock();
	p = rcu_dereference(l->first);
	spin_lock(&p->inner.lock);
	rcu_read_unlock();
	n = p->count;
	spin_unlock(&p->inner.lock);
	return n;
}

int used_after_its_lock(struct list *l)
{
	struct item *p;

	rcu_read_lock();
	p = rcu_dereference(l->first);
	spin_lock_bh(&p->lock);
	rcu_read_unlock();
	spin_unlock_bh(&p->lock);
	return p->count; // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended and 'struct item::lock', which keeps it stable, was released}}
}

int passed_after_its_lock(struct list *l)
{
	struct item *p;

	rcu_read_lock();
	p = rcu_dereference(l->first);
	spin_lock(&p->lock);
	rcu_read_unlock();
	spin_unlock(&p->lock);
	return use_item(p); // expected-warning {{'p' is passed to 'use_item', which dereferences it, after the RCU read-side critical section it was read in ended and 'struct item::lock', which keeps it stable, was released}}
}

int another_objects_lock(struct list *l)
{
	struct item *p;
	int n;

	rcu_read_lock();
	p = rcu_dereference(l->first);
	spin_lock(&l->lock);
	rcu_read_unlock();
	n = p->count; // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended}}
	spin_unlock(&l->lock);
	return n;
}

int locked_after_the_section(struct list *l)
{
	struct item *p;
	int n;

	rcu_read_lock();
	p = rcu_dereference(l->first);
	rcu_read_unlock();
	spin_lock(&p->lock); // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended}}
	n = p->count; // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended}}
	spin_unlock(&p->lock); // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended}}
	return n;
}

int another_item_of_the_type(struct list *l, struct item *other)
{
	struct item *p;
	int n;

	rcu_read_lock();
	p = rcu_dereference(l->first);
	spin_lock(&other->lock);
	use_item_lock(&p->lock);
	rcu_read_unlock();
	n = p->count; // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended}}
	spin_unlock(&other->lock);
	return n;
}
