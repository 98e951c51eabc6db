// RUN: %verify %s
// What makes a lock a list's updaters' lock, and what does not
// (rculist-walked-under-updaters-lock.c has the lock that is one):
// - an update through a helper given the link (hash_del_rcu(node)) is
//   named at each call, with the caller's locks;
// - a hold for read keeps out no other updater;
// - a lock a helper drops before its update is not held there, whatever
//   its caller holds;
// - an update of a list nothing names (a bare `struct list_head *`) could
//   be any list's: no list has an updaters' lock then.
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>

struct a { struct list_head node; int key; };
struct b { struct list_head node; int key; };
struct c { struct list_head node; int key; };

static struct mutex a_lock, c_lock;
static struct rw_semaphore b_sem;
static struct list_head as, bs, cs;

/* The link passed in: named where the helper is called. */
static void a_unlink(struct list_head *node)
{
	list_del_rcu(node);
}

int a_remove(struct a *x)
{
	mutex_lock(&a_lock);
	a_unlink(&x->node);
	mutex_unlock(&a_lock);
	return 0;
}

/* An update without a_lock, through the helper. */
int a_remove_unlocked(struct a *x)
{
	a_unlink(&x->node);
	return 0;
}

int a_find(int key)
{
	struct a *x;
	int found = 0;

	mutex_lock(&a_lock);
	list_for_each_entry_rcu(x, &as, node) // expected-warning {{list_for_each_entry_rcu() needs an RCU read-side critical section, but none is held here}}
		found |= x->key == key;
	mutex_unlock(&a_lock);
	return found;
}

/* Updates under b_sem held for read only. */
int b_add(struct b *y)
{
	down_read(&b_sem);
	list_add_rcu(&y->node, &bs);
	up_read(&b_sem);
	return 0;
}

int b_find(int key)
{
	struct b *y;
	int found = 0;

	down_read(&b_sem);
	list_for_each_entry_rcu(y, &bs, node) // expected-warning {{list_for_each_entry_rcu() needs an RCU read-side critical section, but none is held here}}
		found |= y->key == key;
	up_read(&b_sem);
	return found;
}

/* The helper drops the caller's c_lock around its update. */
static void c_add_dropping(struct c *z)
{
	mutex_unlock(&c_lock);
	list_add_rcu(&z->node, &cs);
	mutex_lock(&c_lock);
}

int c_add(struct c *z)
{
	mutex_lock(&c_lock);
	c_add_dropping(z);
	mutex_unlock(&c_lock);
	return 0;
}

int c_find(int key)
{
	struct c *z;
	int found = 0;

	mutex_lock(&c_lock);
	list_for_each_entry_rcu(z, &cs, node) // expected-warning {{list_for_each_entry_rcu() needs an RCU read-side critical section, but none is held here}}
		found |= z->key == key;
	mutex_unlock(&c_lock);
	return found;
}

/* An update of a list nothing names (here in the last function) could be
   of any list: d_lock, which every named update of `ds` holds, is no
   updaters' lock then. */
struct d { struct list_head node; int key; };
static struct mutex d_lock;
static struct list_head ds;

int d_add(struct d *w)
{
	mutex_lock(&d_lock);
	list_add_rcu(&w->node, &ds);
	mutex_unlock(&d_lock);
	return 0;
}

int d_find(int key)
{
	struct d *w;
	int found = 0;

	mutex_lock(&d_lock);
	list_for_each_entry_rcu(w, &ds, node) // expected-warning {{list_for_each_entry_rcu() needs an RCU read-side critical section, but none is held here}}
		found |= w->key == key;
	mutex_unlock(&d_lock);
	return found;
}

int drop_first(struct list_head *head)
{
	struct list_head *pos = head->next;

	list_del_rcu(pos);
	return 0;
}
