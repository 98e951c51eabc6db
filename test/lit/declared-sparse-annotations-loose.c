// RUN: %verify %s
// Sparse's annotations as 6.12 writes them, where they say less than the
// body (the whole-kernel run, issue #14: 7 false alarms): no mode
// (jbd2's wait_transaction_locked() is __releases(journal->j_state_lock)
// and does read_unlock()), a pseudo-name (ext4's __releases(bitlock)), a
// field the record does not have (sched's __releases(rq->lock) on struct
// rq, whose lock is __lock), an SRCU domain (printk's
// console_srcu_read_unlock() is __releases(&console_srcu)). Each now says
// "held in either mode" or nothing; the body says the rest. A declared
// requirement the caller does not meet is still reported.
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/workqueue.h>

#define __must_hold(x)
#define __acquires(x)
#define __releases(x)

struct journal { rwlock_t j_state_lock; int j_flags; };

static void wait_transaction_locked(struct journal *journal) __releases(journal->j_state_lock)
{
	journal->j_flags++;
	read_unlock(&journal->j_state_lock);
}

void start_this_handle(struct journal *journal)
{
	read_lock(&journal->j_state_lock);
	wait_transaction_locked(journal);
}

void start_unlocked(struct journal *journal)
{
	read_lock(&journal->j_state_lock);
	journal->j_flags = 0;
	read_unlock(&journal->j_state_lock);
	wait_transaction_locked(journal); // expected-warning {{'wait_transaction_locked' requires 'struct journal::j_state_lock' held, but it is not held here}}
}

struct runq { raw_spinlock_t __lock; int nr; }; /* sched's struct rq, renamed: the rules know its lock */

static void rq_unlock(struct runq *rq) __releases(rq->lock)
{
	raw_spin_unlock(&rq->__lock);
}

void hrtick(struct runq *rq)
{
	raw_spin_lock(&rq->__lock);
	rq->nr++;
	rq_unlock(rq);
}

struct ext4_group { spinlock_t lock; int free; };

static void trim_extent(struct ext4_group *g) __releases(bitlock) __acquires(bitlock)
{
	spin_unlock(&g->lock);
	g->free++;
	spin_lock(&g->lock);
}

void discard_work(struct ext4_group *g)
{
	spin_lock(&g->lock);
	trim_extent(g);
	spin_unlock(&g->lock);
}

struct srcu_struct console_srcu;

static void console_srcu_read_unlock(int cookie) __releases(&console_srcu)
{
	srcu_read_unlock(&console_srcu, cookie);
}

void devkmsg_write(void)
{
	int cookie = srcu_read_lock(&console_srcu);

	console_srcu_read_unlock(cookie);
}

/* Run as a work item: the kernel holds nothing around it, so a declared
 * requirement that reached it would be judged there. */
struct ctx { struct work_struct work; struct runq rq; struct ext4_group g; };

static void worker(struct work_struct *work)
{
	struct ctx *c = container_of(work, struct ctx, work);

	hrtick(&c->rq);
	discard_work(&c->g);
	devkmsg_write();
}

void setup(struct ctx *c)
{
	INIT_WORK(&c->work, worker);
}
