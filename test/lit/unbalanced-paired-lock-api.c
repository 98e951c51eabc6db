// RUN: %verify %s
// The locking half of a lock/unlock API pair leaves held what its unlock
// drops, by a test of the same data: 6.12's fs/namei.c lock_rename(p1, p2)
// takes s_vfs_rename_mutex only when p1 != p2, and unlock_rename(p1, p2)
// releases it by the same test; lock_rename_child() pairs with
// unlock_rename() too. Neither is an imbalance (C17 in
// kernel/TRIAGE-subset-6.12.md). A function with no such unlock is judged.
#include <linux/mutex.h>

struct sb { struct mutex rename_mutex; };
struct dentry { struct sb *d_sb; struct dentry *d_parent; };

/* Keeps the mutex, or drops it and returns an error (-EXDEV). */
static struct dentry *lock_two(struct dentry *p1, struct dentry *p2)
{
	if (p1->d_parent == p2)
		return p1;
	if (!p2->d_parent) {
		mutex_unlock(&p1->d_sb->rename_mutex);
		return (struct dentry *)-18L;
	}
	return 0;
}

void unlock_rename(struct dentry *p1, struct dentry *p2);

struct dentry *lock_rename(struct dentry *p1, struct dentry *p2)
{
	if (p1 == p2)
		return 0;
	mutex_lock(&p1->d_sb->rename_mutex);
	return lock_two(p1, p2);
}

struct dentry *lock_rename_child(struct dentry *c1, struct dentry *p2)
{
	if (c1->d_parent == p2)
		return 0;
	mutex_lock(&c1->d_sb->rename_mutex);
	return lock_two(c1->d_parent, p2);
}

void unlock_rename(struct dentry *p1, struct dentry *p2)
{
	if (p1 != p2)
		mutex_unlock(&p1->d_sb->rename_mutex);
}

/* No unlock_pair() in this file: an imbalance like any other. */
struct dentry *lock_pair(struct dentry *p1, struct dentry *p2)
{
	if (p1 == p2)
		return 0;
	mutex_lock(&p1->d_sb->rename_mutex);
	return lock_two(p1, p2); // expected-warning {{returns with 'struct sb::rename_mutex' held on this path but not on others}}
}
