// A subclass the analysis cannot read as a constant (a wrapper's
// parameter: inode_lock_nested(inode, subclass)) is one of the class's:
// the lock is ordered as its plain class, so the inversion below is
// reported with lockdep's macros as without them.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/mutex.h>

struct inode { struct rw_semaphore i_rwsem; int n; };
struct sb { struct mutex rename; };

static inline void inode_lock_nested(struct inode *inode, unsigned subclass)
{
	down_write_nested(&inode->i_rwsem, subclass);
}

static inline void inode_unlock(struct inode *inode)
{
	up_write(&inode->i_rwsem);
}

void one(struct sb *s, struct inode *d)
{
	mutex_lock(&s->rename);
	inode_lock_nested(d, 0);
	d->n++;
	inode_unlock(d);
	mutex_unlock(&s->rename);
}

void two(struct sb *s, struct inode *d)
{
	inode_lock_nested(d, 0);
	mutex_lock(&s->rename); // expected-warning {{possible deadlock: 'two' acquires 'struct sb::rename' while holding 'struct inode::i_rwsem', and 'one' acquires 'struct inode::i_rwsem' while holding 'struct sb::rename' [rcuctx-lock-order]}}
	d->n++;
	mutex_unlock(&s->rename);
	inode_unlock(d);
}
