// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
/*
 * rcuctx corpus #47, fixed: i915's GuC submission pins a context's GuC ID
 * under the submission state's spinlock (taken with spin_lock_irqsave()),
 * and a new ID came from an IDA allocated with GFP_KERNEL |
 * __GFP_RETRY_MAYFAIL | __GFP_NOWARN: when the IDA's non-sleeping first try
 * fails, it retries with that gfp -- direct reclaim under the spinlock.
 *
 * The fix we propose: allocate under the lock with GFP_NOWAIT. A failure
 * takes the path an exhausted ID space already takes: steal an ID from an
 * idle context, else -EAGAIN, and pin_guc_id() retires requests and backs
 * off with the lock dropped before it tries again.
 */
#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#define ENOSPC	28
#define EAGAIN	11

/* include/linux/idr.h: the IDA allocates its nodes with the given gfp. */
struct ida { void *xa_head; };
int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp);

/* lib/bitmap.c: no allocation. */
int bitmap_find_free_region(unsigned long *bitmap, unsigned int bits, int order);

#define GUC_INVALID_ID		0xffffu
#define NUM_MULTI_LRC_IDS	16
#define PIN_GUC_ID_TRIES	4

struct intel_guc {
	struct {
		spinlock_t lock;
		struct ida guc_ids;
		unsigned long *guc_ids_bitmap;
		unsigned int num_guc_ids;
		unsigned int guc_ids_in_use;
	} submission_state;
};

struct intel_context {
	struct { unsigned int id; int ref; } guc_id;
	unsigned int number_children;	/* > 0: a parallel (multi-LRC) parent */
	unsigned int timeslice_ms;
};

/* Takes an ID from an idle context: list work under the same lock. */
int steal_guc_id(struct intel_guc *guc, struct intel_context *ce);
void retire_requests(struct intel_guc *guc);

static int new_guc_id(struct intel_guc *guc, struct intel_context *ce)
{
	int ret;

	if (ce->number_children)
		ret = bitmap_find_free_region(guc->submission_state.guc_ids_bitmap,
					      NUM_MULTI_LRC_IDS,
					      ce->number_children);
	else	/* under the spinlock, IRQs off: no reclaim */
		ret = ida_alloc_range(&guc->submission_state.guc_ids,
				      NUM_MULTI_LRC_IDS,
				      guc->submission_state.num_guc_ids - 1,
				      GFP_NOWAIT | __GFP_NOWARN);
	if (ret < 0)
		return ret;

	if (!ce->number_children)
		guc->submission_state.guc_ids_in_use++;
	ce->guc_id.id = ret;
	return 0;
}

static int assign_guc_id(struct intel_guc *guc, struct intel_context *ce)
{
	int ret;

	lockdep_assert_held(&guc->submission_state.lock);

	ret = new_guc_id(guc, ce);
	if (ret < 0) {
		if (ce->number_children)
			return -ENOSPC;
		ret = steal_guc_id(guc, ce);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int pin_guc_id(struct intel_guc *guc, struct intel_context *ce)
{
	unsigned long flags, tries = PIN_GUC_ID_TRIES;
	int ret = 0;

try_again:
	spin_lock_irqsave(&guc->submission_state.lock, flags);
	if (ce->guc_id.id == GUC_INVALID_ID) {
		ret = assign_guc_id(guc, ce);
		if (ret)
			goto out_unlock;
		ret = 1;	/* a new ID */
	}
	ce->guc_id.ref++;
out_unlock:
	spin_unlock_irqrestore(&guc->submission_state.lock, flags);

	/* Out of IDs: retire requests, back off (unlocked), try again. */
	if (ret == -EAGAIN && --tries) {
		if (PIN_GUC_ID_TRIES - tries > 1)
			msleep(ce->timeslice_ms ? ce->timeslice_ms : 1);
		retire_requests(guc);
		goto try_again;
	}
	return ret;
}
