// A second instance of a class nested inside one held on some paths only:
// Linux 6.12's fs/dcache.c __dentry_kill() takes the parent's d_lock unless
// the dentry is a root, then the dentry's own with spin_lock_nested(), drops
// it, and returns the parent with its d_lock held (or NULL). Both locks are
// `struct lockref::lock`. The nested instance's release gives the class back
// as it was before it (held where the parent's was), not "released": dput()
// unlocks the returned parent's d_lock (transfer/StepTransfer.cpp acquire(),
// LockNesting.h NestedHold::Before).
// RUN: %verify %s
#include <linux/spinlock.h>
#include <linux/rcupdate.h>

struct lockref { spinlock_t lock; int count; };
struct dentry { struct lockref d_lockref; struct dentry *d_parent; };
#define d_lock d_lockref.lock
extern int lockref_put_return(struct lockref *);
extern int retain(struct dentry *);
extern void free_it(struct dentry *);

static int fast_dput(struct dentry *dentry)
{
	if (lockref_put_return(&dentry->d_lockref) > 0)
		return 1;
	spin_lock(&dentry->d_lock);
	if (dentry->d_lockref.count > 1) {
		dentry->d_lockref.count--;
		spin_unlock(&dentry->d_lock);
		return 1;
	}
	return 0;
}

static struct dentry *dentry_kill(struct dentry *dentry)
{
	struct dentry *parent = NULL;

	spin_unlock(&dentry->d_lock);
	if (dentry != dentry->d_parent) {
		parent = dentry->d_parent;
		spin_lock(&parent->d_lock);
	}
	spin_lock_nested(&dentry->d_lock, 1);
	spin_unlock(&dentry->d_lock);
	free_it(dentry);
	if (parent && --parent->d_lockref.count) {
		spin_unlock(&parent->d_lock);
		return NULL;
	}
	return parent;
}

void dput(struct dentry *dentry)
{
	if (!dentry)
		return;
	rcu_read_lock();
	if (fast_dput(dentry)) {
		rcu_read_unlock();
		return;
	}
	while (dentry->d_lockref.count == 0) {
		rcu_read_unlock();
		dentry = dentry_kill(dentry);
		if (!dentry)
			return;
		if (retain(dentry)) {
			spin_unlock(&dentry->d_lock);
			return;
		}
		rcu_read_lock();
	}
	rcu_read_unlock();
	spin_unlock(&dentry->d_lock);
}
// expected-no-diagnostics
