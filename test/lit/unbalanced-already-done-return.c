// A call that finds its work done returns at once: Linux 6.12's
// block/blk-cgroup.c blkg_conf_open_bdev() "may be called multiple times on
// @ctx and the extra calls become NOOPs". It returns 0 where ctx->bdev is
// already set, and otherwise sets ctx->bdev and returns 0 with the queue's
// rq_qos_mutex held (errors return without it). The first return leaves the
// mutex as it came in -- held by the earlier call that set ctx->bdev -- and
// is no imbalance (checks/Imbalance.cpp alreadyDone()).
// RUN: %verify %s
#include <linux/mutex.h>

struct queue { struct mutex rq_qos_mutex; };
struct bdev { struct queue *q; int part; };
struct ctx { char *input; struct bdev *bdev; int ready; };
extern struct bdev *bdev_get(int);
extern void bdev_put(struct bdev *);
extern int live(struct bdev *);

int conf_open(struct ctx *ctx)
{
	struct bdev *bdev;

	if (ctx->bdev)
		return 0;
	bdev = bdev_get(ctx->input[0]);
	if (!bdev)
		return -19;
	if (bdev->part) {
		bdev_put(bdev);
		return -19;
	}
	mutex_lock(&bdev->q->rq_qos_mutex);
	if (!live(bdev)) {
		bdev_put(bdev);
		mutex_unlock(&bdev->q->rq_qos_mutex);
		return -19;
	}
	ctx->bdev = bdev;
	return 0;
}

// The early return tests another field than the one the locked return
// sets: nothing says the work was done.
int conf_open_other_field(struct ctx *ctx)
{
	struct bdev *bdev;

	if (ctx->ready)
		return 0;
	bdev = bdev_get(ctx->input[0]);
	if (!bdev)
		return -19;
	mutex_lock(&bdev->q->rq_qos_mutex);
	if (!live(bdev)) {
		mutex_unlock(&bdev->q->rq_qos_mutex);
		return -19;
	}
	ctx->bdev = bdev;
	return 0; // expected-warning {{returns with 'struct queue::rq_qos_mutex' held on this path but not on others [rcuctx-unbalanced]}}
}

// The field set, but an error returned with the mutex: a leak (the
// return of 0 is the protocol's).
int conf_open_error_held(struct ctx *ctx)
{
	struct bdev *bdev;

	if (ctx->bdev)
		return 0;
	bdev = bdev_get(ctx->input[0]);
	if (!bdev)
		return -19;
	mutex_lock(&bdev->q->rq_qos_mutex);
	if (bdev->part) {
		mutex_unlock(&bdev->q->rq_qos_mutex);
		return -19;
	}
	ctx->bdev = bdev;
	if (!live(bdev))
		return -19; // expected-warning {{returns with 'struct queue::rq_qos_mutex' held on this path but not on others [rcuctx-unbalanced]}}
	return 0;
}
