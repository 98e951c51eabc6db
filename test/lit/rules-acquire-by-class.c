// RUN: %verify %debug_config %s -fplugin-arg-rcuctx-rules=%S/Inputs/acquire-by-class.yaml
// A rules acquisition by lock class, on every return: Linux 6.12's
// io_uring/io_uring.c io_ring_exit_work() parks the SQ thread with
// io_sq_thread_park() (io_uring/sqpoll.c, which takes sqd->lock) and reads
// sqd->thread with sqpoll_task_locked(), whose rcu_dereference_protected()
// asserts lockdep_is_held(&sqd->lock). The plugin sees no body of the park
// helper in this file; rules/19-io_uring.yaml states it. Reading the
// thread after unparking is still reported, and the helper sleeps.
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct task;
struct sq_data { struct mutex lock; struct task __rcu *thread; };
void sq_park(struct sq_data *sqd);
void sq_unpark(struct sq_data *sqd);

static inline struct task *sq_task_locked(struct sq_data *sqd)
{
	return rcu_dereference_protected(sqd->thread, lockdep_is_held(&sqd->lock));
}

struct task *exit_work(struct sq_data *sqd)
{
	struct task *t;

	sq_park(sqd);
	t = sq_task_locked(sqd);
	sq_unpark(sqd);
	return t;
}

struct task *after_unpark(struct sq_data *sqd)
{
	struct task *t;

	sq_park(sqd);
	sq_unpark(sqd);
	t = sq_task_locked(sqd); // expected-warning {{'sq_task_locked' needs 'struct sq_data::lock' held, but it is not held here [rcuctx-lockdep-condition]}}
	return t;
}

void park_under_spinlock(struct sq_data *sqd, spinlock_t *l)
{
	spin_lock(l);
	sq_park(sqd); // expected-warning {{'sq_park' may sleep, but spinning lock 'l' is held here [rcuctx-sleep-in-atomic]}}
	sq_unpark(sqd);
	spin_unlock(l);
}
