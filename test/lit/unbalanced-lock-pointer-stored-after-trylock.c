// RUN: %verify %s
// A local pointer that holds a lock's address once it is taken (`m2 =
// &inode->i_rwsem` after a successful try-lock) is NULL on the paths that
// did not take it: an object's address is never NULL, so `if (m2)
// up_read(m2)` at the shared exit unlocks exactly on the paths that locked,
// and `up_read(m2)` releases the one class m2 ever points to. A path kept
// apart by such a local up to a return that does not name it is a leak
// (the second function: the held edge is reported).
// Found on 6.12 fs/dcache.c's __d_unalias() (C16 in
// kernel/TRIAGE-subset-6.12.md: "returns with 'struct inode::i_rwsem' held
// on this path but not on others").
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct sb { struct mutex rename; };
struct inode { struct rw_semaphore i_rwsem; };
struct dentry { struct dentry *parent; struct sb *d_sb; struct inode *d_inode; };
void move(struct dentry *a, struct dentry *b);

static inline int inode_trylock_shared(struct inode *inode)
{
	return down_read_trylock(&inode->i_rwsem);
}

int unalias(struct dentry *dentry, struct dentry *alias)
{
	struct mutex *m1 = NULL;
	struct rw_semaphore *m2 = NULL;
	int ret = -116;

	if (alias->parent == dentry->parent)
		goto out_unalias;
	if (!mutex_trylock(&dentry->d_sb->rename))
		goto out_err;
	m1 = &dentry->d_sb->rename;
	if (!inode_trylock_shared(alias->parent->d_inode))
		goto out_err;
	m2 = &alias->parent->d_inode->i_rwsem;
out_unalias:
	move(alias, dentry);
	ret = 0;
out_err:
	if (m2)
		up_read(m2);
	if (m1)
		mutex_unlock(m1);
	return ret;
}

/* The same protocol with the second unlock forgotten. */
int unalias_leaks(struct dentry *dentry, struct dentry *alias)
{
	struct mutex *m1 = NULL;
	struct rw_semaphore *m2 = NULL;
	int ret = -116;

	if (alias->parent == dentry->parent)
		goto out_unalias;
	if (!mutex_trylock(&dentry->d_sb->rename))
		goto out_err;
	m1 = &dentry->d_sb->rename;
	if (!inode_trylock_shared(alias->parent->d_inode))
		goto out_err;
	m2 = &alias->parent->d_inode->i_rwsem; // expected-warning {{returns with 'struct inode::i_rwsem' held on this path but not on others}}
out_unalias:
	move(alias, dentry);
	ret = 0;
out_err:
	if (m1)
		mutex_unlock(m1);
	return ret;
}

/* A local copied from the object (`inode = dentry->d_inode`) is no lock
 * marker: the caller reads the object again to know what is locked
 * (fs/dcache.c's lock_for_kill(): true with inode->i_lock held if there is
 * an inode). Not reported. */
struct inode2 { spinlock_t i_lock; };
struct dent { struct inode2 *d_inode; int count; };

bool lock_for_kill(struct dent *d)
{
	struct inode2 *inode = d->d_inode;

	if (d->count)
		return false;
	if (!inode || spin_trylock(&inode->i_lock))
		return true;
	spin_lock(&inode->i_lock);
	if (!d->count)
		return true;
	spin_unlock(&inode->i_lock);
	return false;
}
