// A seq_file helper that says which lock it returns under by what it
// stores in its iterator: Linux 6.12's net/ipv4/ipmr_base.c
// mr_mfc_seq_idx() returns an entry of mfc_cache_list inside an RCU
// section with `it->cache = &mrt->mfc_cache_list`, one of mfc_unres_queue
// under it->lock with `it->cache = &mrt->mfc_unres_queue`, or NULL with
// `it->cache = NULL` and nothing held; mr_mfc_seq_stop() unlocks by
// it->cache. Returns whose last store to one field differs are a protocol
// on that field (transfer/FlagTransfer.h's store flags). Where the free
// return stores nothing there, they are not.
// RUN: %verify %s
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct mfc { struct mfc *next; int pos; };
struct table { struct mfc *cache_list; struct mfc *unres_queue; };
struct iter { struct table *mrt; struct mfc **cache; spinlock_t *lock; };

void *mfc_seq_idx(struct iter *it, long pos)
{
	struct table *mrt = it->mrt;
	struct mfc *mfc;

	rcu_read_lock();
	it->cache = &mrt->cache_list;
	for (mfc = rcu_dereference(mrt->cache_list); mfc; mfc = rcu_dereference(mfc->next))
		if (pos-- == 0)
			return mfc;
	rcu_read_unlock();

	spin_lock_bh(it->lock);
	it->cache = &mrt->unres_queue;
	for (mfc = mrt->unres_queue; mfc; mfc = mfc->next)
		if (pos-- == 0)
			return mfc;
	spin_unlock_bh(it->lock);

	it->cache = NULL;
	return NULL;
}

void mfc_seq_stop(struct iter *it)
{
	if (it->cache == &it->mrt->unres_queue)
		spin_unlock_bh(it->lock);
	else if (it->cache == &it->mrt->cache_list)
		rcu_read_unlock();
}

// The second list's entries leave it->cache naming the first list: its
// returns are not told apart from the first list's.
void *mfc_seq_idx_no_store(struct iter *it, long pos)
{
	struct table *mrt = it->mrt;
	struct mfc *mfc;

	rcu_read_lock();
	it->cache = &mrt->cache_list;
	for (mfc = rcu_dereference(mrt->cache_list); mfc; mfc = rcu_dereference(mfc->next))
		if (pos-- == 0)
			return mfc; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others [rcuctx-unbalanced]}}
	rcu_read_unlock();

	spin_lock_bh(it->lock);
	for (mfc = mrt->unres_queue; mfc; mfc = mfc->next)
		if (pos-- == 0)
			return mfc; // expected-warning {{returns with an RCU-bh read-side critical section held on this path but not on others [rcuctx-unbalanced]}}
	spin_unlock_bh(it->lock);

	it->cache = NULL;
	return NULL;
}

// A read that returns with its locks held when it sets the caller's cookie,
// and is called again with the cookie set to finish: Linux 6.12's
// drivers/tty/n_tty.c n_tty_read(). What `*cookie` holds on each return
// (NULL as tested at entry or stored, or the cookie itself) tells them
// apart.
#include <linux/mutex.h>
struct ldata { struct mutex atomic_read_lock; int avail; };
extern int copy_some(struct ldata *l);

long tty_read(struct ldata *l, void **cookie)
{
	if (*cookie) {
		if (copy_some(l))
			return 1;
		mutex_unlock(&l->atomic_read_lock);
		*cookie = NULL;
		return 0;
	}
	if (mutex_lock_interruptible(&l->atomic_read_lock))
		return -512;
	if (copy_some(l) && l->avail) {
		*cookie = cookie;
		return 1;
	}
	mutex_unlock(&l->atomic_read_lock);
	return 1;
}

// The same without the cookie: held on one return, not on the others.
long tty_read_no_cookie(struct ldata *l, void **cookie)
{
	if (mutex_lock_interruptible(&l->atomic_read_lock))
		return -512;
	if (copy_some(l) && l->avail)
		return 1; // expected-warning {{returns with 'struct ldata::atomic_read_lock' held on this path but not on others [rcuctx-unbalanced]}}
	mutex_unlock(&l->atomic_read_lock);
	return 1;
}
