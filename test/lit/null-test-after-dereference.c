// RUN: %verify %s
// A local pointer the body dereferenced (`inode->flags`) is not NULL from
// there on, so paths that joined with one that set it to NULL stay apart at
// a later `if (inode)`. 6.12's swapon (mm/swapfile.c) unlocks the inode at
// `out:` only `if (inode)`, which its error paths cleared after unlocking,
// and then, on success only, takes swap_slots_cache_enable_mutex: the
// success path was taken to maybe hold i_rwsem there, an order edge lockdep
// never sees. Taking the second mutex before the unlock is
// still an order.
#include <linux/mutex.h>

struct inode { struct mutex i_rwsem; int flags; };
struct file { struct inode *host; };
static struct mutex enable_mutex;
int setup(struct inode *inode);

int swapon_like(struct file *f)
{
	struct inode *inode = NULL;
	int error;

	inode = f->host;
	mutex_lock(&inode->i_rwsem);
	if (inode->flags) {
		error = -1;
		goto bad_unlock;
	}
	error = setup(inode);
	if (error)
		goto bad_unlock;
	goto out;
bad_unlock:
	mutex_unlock(&inode->i_rwsem);
	inode = NULL;
out:
	if (inode)
		mutex_unlock(&inode->i_rwsem);
	if (!error) {
		mutex_lock(&enable_mutex);
		mutex_unlock(&enable_mutex);
	}
	return error;
}

void enable_then_inode(struct inode *inode)
{
	mutex_lock(&enable_mutex);
	mutex_lock(&inode->i_rwsem);
	mutex_unlock(&inode->i_rwsem);
	mutex_unlock(&enable_mutex);
}

/* The same shape taking the second mutex before the unlock: a real order. */
struct inode2 { struct mutex i_rwsem; int flags; };
struct file2 { struct inode2 *host; };
static struct mutex enable_mutex2;
int setup2(struct inode2 *inode);

int swapon_keeps_lock(struct file2 *f)
{
	struct inode2 *inode = f->host;
	int error;

	mutex_lock(&inode->i_rwsem);
	error = inode->flags ? -1 : setup2(inode);
	if (error)
		goto bad_unlock;
	goto out;
bad_unlock:
	mutex_unlock(&inode->i_rwsem);
	inode = NULL;
out:
	if (!error) {
		mutex_lock(&enable_mutex2);
		mutex_unlock(&enable_mutex2);
	}
	if (inode)
		mutex_unlock(&inode->i_rwsem);
	return error;
}

void enable_then_inode2(struct inode2 *inode)
{
	mutex_lock(&enable_mutex2);
	mutex_lock(&inode->i_rwsem); // expected-warning {{possible deadlock: 'enable_then_inode2' acquires 'struct inode2::i_rwsem' while holding 'enable_mutex2', and 'swapon_keeps_lock' acquires 'enable_mutex2' while holding 'struct inode2::i_rwsem' [rcuctx-lock-order]}}
	mutex_unlock(&inode->i_rwsem);
	mutex_unlock(&enable_mutex2);
}
