// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #4: a GPU context handle is allocated with GFP_KERNEL while
 * the context manager's spinlock is held.
 *
 * Distilled from the lima driver (pre-mainline tree yuq/linux-lima) change
 * "drm/lima: don't use GFP_KERNEL under spin lock": lima_ctx_create() did
 * spin_lock(&mgr->lock); idr_alloc(&mgr->handles, ctx, 1, 0, GFP_KERNEL);
 * — the same mistake fixed in net/sched by 2c8468dcf830 "net: sched: don't
 * use GFP_KERNEL under spin lock". idr_alloc() may sleep to allocate radix
 * tree nodes when its gfp allows direct reclaim.
 */
#include <linux/idr.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct lima_device;

struct lima_ctx {
	struct lima_device *dev;
	int refcnt;
};

struct lima_ctx_mgr {
	spinlock_t lock;
	struct idr handles;
};

int lima_ctx_create(struct lima_device *dev, struct lima_ctx_mgr *mgr, u32 *id)
{
	struct lima_ctx *ctx;
	int ret;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->dev = dev;
	ctx->refcnt = 1;

	spin_lock(&mgr->lock);
	ret = idr_alloc(&mgr->handles, ctx, 1, 0, GFP_KERNEL); // expected-warning {{'idr_alloc' may sleep, but spinning lock 'struct lima_ctx_mgr::lock' is held here}}
	spin_unlock(&mgr->lock);
	if (ret < 0) {
		kfree(ctx);
		return ret;
	}

	*id = ret;
	return 0;
}
