// RUN: %verify %s
// queue_limits_start_update() takes q->limits_lock and returns the limits;
// queue_limits_commit_update() and its _frozen() form (block/blk-settings.c,
// another file) drop it on every path (rules/16-block.yaml). 6.12's
// queue_attr_store() (block/blk-sysfs.c) returns after the commit without
// an unlock of its own: two "returns with 'struct
// request_queue::limits_lock' held on this path but not on others" in the
// whole-kernel run. Unlocking it again after the commit is still caught,
// and the _frozen() form still sleeps.
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct queue_limits { unsigned int max_sectors; };
struct request_queue { struct mutex limits_lock; struct queue_limits limits; spinlock_t queue_lock; };

static inline struct queue_limits queue_limits_start_update(struct request_queue *q)
{
	mutex_lock(&q->limits_lock);
	return q->limits;
}
static inline void queue_limits_cancel_update(struct request_queue *q)
{
	mutex_unlock(&q->limits_lock);
}
int queue_limits_commit_update(struct request_queue *q, struct queue_limits *lim);
int queue_limits_commit_update_frozen(struct request_queue *q, struct queue_limits *lim);
int parse(const char *page, struct queue_limits *lim);

long attr_store(struct request_queue *q, const char *page, long length)
{
	struct queue_limits lim = queue_limits_start_update(q);
	int res = parse(page, &lim);

	if (res < 0) {
		queue_limits_cancel_update(q);
		return res;
	}
	res = queue_limits_commit_update_frozen(q, &lim);
	if (res)
		return res;
	return length;
}

int commit_and_unlock(struct request_queue *q)
{
	struct queue_limits lim = queue_limits_start_update(q);
	int res = queue_limits_commit_update(q, &lim);

	mutex_unlock(&q->limits_lock); // expected-warning {{unlock of 'struct request_queue::limits_lock', which is not held here}}
	return res;
}

int commit_frozen_atomic(struct request_queue *q)
{
	struct queue_limits lim = queue_limits_start_update(q);
	int res;

	spin_lock(&q->queue_lock);
	res = queue_limits_commit_update_frozen(q, &lim); // expected-warning {{'queue_limits_commit_update_frozen' may sleep, but spinning lock 'struct request_queue::queue_lock' is held here}}
	spin_unlock(&q->queue_lock);
	return res;
}
