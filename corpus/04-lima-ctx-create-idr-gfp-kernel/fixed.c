// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #4, fixed: the usual idr pattern the fix applied —
 * idr_preload(GFP_KERNEL) fills the per-CPU cache while sleeping is still
 * allowed, and the allocation under the spinlock uses GFP_ATOMIC.
 */
#include <linux/idr.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

// expected-no-diagnostics

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

	idr_preload(GFP_KERNEL);
	spin_lock(&mgr->lock);
	ret = idr_alloc(&mgr->handles, ctx, 1, 0, GFP_ATOMIC);
	spin_unlock(&mgr->lock);
	idr_preload_end();
	if (ret < 0) {
		kfree(ctx);
		return ret;
	}

	*id = ret;
	return 0;
}
