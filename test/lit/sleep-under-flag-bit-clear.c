// A sleep a callee makes only under a named flag bit of an object's field
// (`might_sleep_if(hctx->flags & BLK_MQ_F_BLOCKING)`), called where the
// caller found that bit clear on another object (`q->tag_set->flags`):
// Linux 6.12's block/blk-mq.c runs a queue's dispatch under
// rcu_read_lock() when its tag set is not BLK_MQ_F_BLOCKING and under SRCU
// when it is (blk_mq_run_dispatch_ops()), and blk_mq_run_hw_queue() may
// sleep only for a blocking hardware context, whose flags copy the tag
// set's. A named bit is taken to be one value along a call chain
// (transfer/FlagTransfer.h): the sleep is not a bug under the RCU section.
// The same call with the bit set, or untested, still is.
// RUN: %verify %debug_config %s
#include <linux/rcupdate.h>
#include <linux/sched.h>

enum { Q_F_SHARED = 1 << 1, Q_F_BLOCKING = 1 << 4 };
#define Q_F_MACRO_BLOCKING (1U << 5)

struct tag_set { unsigned int flags; };
struct queue { struct tag_set *tag_set; };
struct hctx { unsigned long flags; struct queue *q; };

static void run_hw_queue(struct hctx *h, _Bool async)
{
	might_sleep_if(!async && h->flags & Q_F_BLOCKING);
}

static void issue_directly(struct hctx *h)
{
	run_hw_queue(h, 0);
}

void dispatch_bit_clear(struct hctx *h)
{
	if (h->q->tag_set->flags & Q_F_BLOCKING) {
		issue_directly(h);
	} else {
		rcu_read_lock();
		issue_directly(h);
		rcu_read_unlock();
	}
}

void dispatch_bit_clear_compared(struct hctx *h)
{
	if ((h->q->tag_set->flags & Q_F_BLOCKING) == 0) {
		rcu_read_lock();
		issue_directly(h);
		rcu_read_unlock();
	}
}

void dispatch_bit_set(struct hctx *h)
{
	if (h->q->tag_set->flags & Q_F_BLOCKING) {
		rcu_read_lock();
		issue_directly(h); // expected-warning {{'issue_directly' may sleep, but an RCU read-side critical section is held here [rcuctx-sleep-in-atomic]}}
		rcu_read_unlock();
	}
}

void dispatch_untested(struct hctx *h)
{
	rcu_read_lock();
	issue_directly(h); // expected-warning {{'issue_directly' may sleep, but an RCU read-side critical section is held here [rcuctx-sleep-in-atomic]}}
	rcu_read_unlock();
}

// Another bit of the same field says nothing of this one.
void dispatch_other_bit_clear(struct hctx *h)
{
	if (!(h->q->tag_set->flags & Q_F_SHARED)) {
		rcu_read_lock();
		issue_directly(h); // expected-warning {{'issue_directly' may sleep, but an RCU read-side critical section is held here [rcuctx-sleep-in-atomic]}}
		rcu_read_unlock();
	}
}

// A store to the field forgets what the test found.
void dispatch_after_store(struct hctx *h)
{
	if (!(h->q->tag_set->flags & Q_F_BLOCKING)) {
		h->flags |= Q_F_BLOCKING;
		rcu_read_lock();
		issue_directly(h); // expected-warning {{'issue_directly' may sleep, but an RCU read-side critical section is held here [rcuctx-sleep-in-atomic]}}
		rcu_read_unlock();
	}
}

// A macro's bit is named by the macro.
static void run_macro(struct hctx *h)
{
	if (h->flags & Q_F_MACRO_BLOCKING)
		might_sleep();
}

void dispatch_macro_clear(struct hctx *h)
{
	if (!(h->q->tag_set->flags & Q_F_MACRO_BLOCKING)) {
		rcu_read_lock();
		run_macro(h);
		rcu_read_unlock();
	}
}
