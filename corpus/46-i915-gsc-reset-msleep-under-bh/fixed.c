// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
/*
 * rcuctx corpus #46, fixed: an i915 engine reset runs with bottom halves
 * disabled (its callers wrap it in local_bh_disable(), and one of them is
 * already the execlists submission tasklet), but the reset went through the
 * common GT reset helper, whose GSC workaround -- on Meteor Lake's media GT,
 * when the GSC engine is in the reset mask and the GSC firmware is loaded --
 * msleep()s 200 ms for the firmware to get ready.
 *
 * The fix we propose: the per-engine reset never runs the workaround. An
 * engine whose reset needs it is refused (-EBUSY), so the hang handler keeps
 * it in its mask and falls back to the full GT reset, which runs in process
 * context and may wait; every other engine gets the hardware reset alone
 * (for a mask without the GSC the workaround is a no-op anyway).
 */
#include <linux/preempt.h>
#include <linux/sched.h>

#ifndef BIT
#define BIT(n) (1u << (n))
#endif
#define ETIMEDOUT	110
#define ENODEV		19

typedef u32 engine_mask_t;
#define ALL_ENGINES	((engine_mask_t)~0u)
enum engine_id { RCS0, BCS0, VCS0, VECS0, GSC0, NUM_ENGINES };
#define RESET_MAX_RETRIES 3

struct gt;

struct engine {
	struct gt *gt;
	enum engine_id id;
	engine_mask_t mask;
	bool uses_guc;
};

struct gt {
	engine_mask_t engine_mask;	/* engines present */
	bool media_13_0;		/* Meteor Lake's media GT */
	bool gsc_fw_loaded;
	bool guc_submission;
	unsigned long reset_flags;
	struct engine *engine[NUM_ENGINES];
};

/* MMIO and the hardware reset itself: none of them sleeps. */
void gsc_signal_reset_prep(struct gt *gt, bool prep);
int hw_domain_reset(struct gt *gt, engine_mask_t mask, unsigned int retry);
int reset_guc(struct gt *gt);
bool engine_is_idle(struct engine *engine);
void engine_reset_prepare(struct engine *engine);
void engine_reset_finish(struct engine *engine);
int engine_resume(struct engine *engine);

static bool gsc_reset_wa_needed(struct gt *gt, engine_mask_t mask)
{
	if (!gt->media_13_0 || !(gt->engine_mask & BIT(GSC0)))
		return false;
	if (!(mask & BIT(GSC0)))
		return false;
	return gt->gsc_fw_loaded;
}

/* Returns the engines to reset; may leave an idle GSC out of a full reset. */
static engine_mask_t gsc_reset_wa_start(struct gt *gt, engine_mask_t mask, bool first)
{
	if (!gsc_reset_wa_needed(gt, mask))
		return mask;

	if (mask == ALL_ENGINES && first && engine_is_idle(gt->engine[GSC0])) {
		reset_guc(gt);
		return gt->engine_mask & ~BIT(GSC0);
	}

	/* Warn the GSC firmware, then give it time to get ready. */
	gsc_signal_reset_prep(gt, true);
	msleep(200);
	return mask;
}

static void gsc_reset_wa_end(struct gt *gt, engine_mask_t mask)
{
	if (gsc_reset_wa_needed(gt, mask))
		gsc_signal_reset_prep(gt, false);
}

/* Now only the full GT reset, in process context: it may wait. */
static int __intel_gt_reset(struct gt *gt, engine_mask_t mask)
{
	int retries = mask == ALL_ENGINES ? RESET_MAX_RETRIES : 1;
	int ret = -ETIMEDOUT;
	int retry;

	for (retry = 0; ret == -ETIMEDOUT && retry < retries; retry++) {
		engine_mask_t reset_mask = gsc_reset_wa_start(gt, mask, !retry);

		ret = hw_domain_reset(gt, reset_mask, retry);
		gsc_reset_wa_end(gt, reset_mask);
	}
	return ret;
}

int intel_gt_reset_all_engines(struct gt *gt)
{
	return __intel_gt_reset(gt, ALL_ENGINES);
}

/*
 * Called with bottom halves disabled: no workaround wait here. An engine
 * that needs it is left to the full reset (the caller falls back to it).
 */
static int intel_gt_reset_engine(struct engine *engine)
{
	if (gsc_reset_wa_needed(engine->gt, engine->mask))
		return -EBUSY;
	return hw_domain_reset(engine->gt, engine->mask, 0);
}

/* Must be called with bottom halves disabled. */
int __intel_engine_reset_bh(struct engine *engine, const char *msg)
{
	int ret;

	if (engine->uses_guc)
		return -ENODEV;

	engine_reset_prepare(engine);
	ret = intel_gt_reset_engine(engine);
	if (!ret)
		ret = engine_resume(engine);
	engine_reset_finish(engine);
	return ret;
}

/* Also called by the execlists tasklet, on a preemption timeout. */
int intel_engine_reset(struct engine *engine, const char *msg)
{
	int err;

	local_bh_disable();
	err = __intel_engine_reset_bh(engine, msg);
	local_bh_enable();
	return err;
}

void intel_gt_reset_global(struct gt *gt, engine_mask_t mask, const char *reason);

/* Hang handling: try per-engine resets first, then a full reset. */
void intel_gt_handle_error(struct gt *gt, engine_mask_t engine_mask, const char *msg)
{
	int id;

	engine_mask &= gt->engine_mask;

	if (!gt->guc_submission) {
		local_bh_disable();
		for (id = 0; id < NUM_ENGINES; id++) {
			struct engine *engine = gt->engine[id];

			if (!engine || !(engine_mask & engine->mask))
				continue;
			if (__intel_engine_reset_bh(engine, msg) == 0)
				engine_mask &= ~engine->mask;
		}
		local_bh_enable();
	}

	if (engine_mask)
		intel_gt_reset_global(gt, engine_mask, msg);
}
