// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #47: i915's GuC submission pins a context's GuC ID under
 * the submission state's spinlock (taken with spin_lock_irqsave()), and
 * a new ID comes from an IDA allocated with GFP_KERNEL |
 * __GFP_RETRY_MAYFAIL | __GFP_NOWARN. The IDA first tries its node
 * allocation without sleeping, but when that fails it retries with the
 * caller's gfp -- direct reclaim, with the spinlock held and IRQs off.
 * Rare (it needs memory pressure as a new ID is assigned), and
 * "BUG: sleeping function called from invalid context" when it happens
 * under CONFIG_DEBUG_ATOMIC_SLEEP.
 *
 * Found by rcuctx in Linux 6.12's
 * drivers/gpu/drm/i915/gt/uc/intel_guc_submission.c (the whole-kernel run,
 * kernel/TRIAGE-rest-6.12.md). No upstream fix is known to us; fixed.c is
 * the change we propose.
 */
#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#ifndef __GFP_RETRY_MAYFAIL
#define __GFP_RETRY_MAYFAIL	((__force gfp_t)BIT(___GFP_RETRY_MAYFAIL_BIT))
#endif
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
	else
		ret = ida_alloc_range(&guc->submission_state.guc_ids,
				      NUM_MULTI_LRC_IDS,
				      guc->submission_state.num_guc_ids - 1,
				      GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
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

	ret = new_guc_id(guc, ce); // expected-warning {{'new_guc_id' may sleep, but spinning lock 'struct intel_guc::submission_state.lock' is held here}}
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
		ret = assign_guc_id(guc, ce); // expected-warning {{'assign_guc_id' may sleep, but spinning lock 'struct intel_guc::submission_state.lock' is held here}}
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
