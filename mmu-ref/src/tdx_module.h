/* SPDX-License-Identifier: MIT */
/*
 * A TDX-module-like owner of the external (secure) EPT of one TD.  The
 * tables are real EPT (ept.h) and can be walked with ept_translate() on
 * tdx_td_eptp(); the module is the only writer.  It enforces the ordering
 * rules of the TDX module's S-EPT interface:
 *
 *  SEPT.ADD    link a table page under a present parent (entry must be free)
 *  PAGE.AUG    map a leaf under a present parent (entry must be free)
 *  RANGE.BLOCK make a present entry unusable by hardware
 *  TRACK       advance the TD epoch: blocks before it are now tracked
 *  PAGE.REMOVE free a leaf that is blocked and tracked
 *  SEPT.REMOVE free a table entry that is blocked and tracked and whose
 *              table has no live entry left (children before parent)
 *  PAGE.DEMOTE turn a blocked+tracked huge leaf into a table of smaller
 *              leaves (the page for the new table is supplied)
 *
 * Module state lives in EPT bits the processor ignores: a blocked entry has
 * R/W/X cleared (so it is not present to the walker), TDX_BLOCKED set, its
 * old R/W/X in bits 55:53 and the epoch of the block (mod 64) in 61:56.
 * A free entry is EPT_SUPPRESS_VE.
 *
 * "level" is always the level of the entry being operated on (1 = 4K
 * leaf); a table added at level L holds level L-1 entries.
 */
#ifndef _MMUREF_TDX_MODULE_H
#define _MMUREF_TDX_MODULE_H

#include <linux/kernel.h>
#include <linux/spinlock.h>

#ifdef __cplusplus
extern "C" {
#endif

enum tdx_status {
	TDX_SUCCESS = 0,
	TDX_OPERAND_INVALID,
	TDX_EPT_WALK_FAILED,		/* parent table missing or blocked */
	TDX_EPT_ENTRY_NOT_FREE,
	TDX_EPT_ENTRY_FREE,		/* nothing mapped there */
	TDX_EPT_ENTRY_STATE_INCORRECT,	/* e.g. remove without block */
	TDX_TLB_TRACKING_NOT_DONE,	/* blocked but no TRACK since */
	TDX_EPT_CHILD_NOT_FREE,		/* table still has live entries */
};

#define TDX_BLOCKED		BIT_ULL(52)
#define TDX_SAVED_RWX_SHIFT	53
#define TDX_SAVED_RWX_MASK	GENMASK_ULL(55, 53)
#define TDX_EPOCH_SHIFT		56
#define TDX_EPOCH_MASK		GENMASK_ULL(61, 56)
#define TDX_FREE_ENTRY		BIT_ULL(63)

struct tdx_td {
	spinlock_t lock;	/* the module serialises its own updates */
	u64 *root;		/* module-owned root table */
	int levels;
	u64 epoch;
	long nr_tables;		/* tables linked below the root */
	long nr_leaves;
};

const char *tdx_status_name(enum tdx_status status);

/* Creates the TD's root table (may sleep). */
struct tdx_td *tdx_td_create(int levels);
/* Fails (and keeps everything) unless all entries were removed. */
int tdx_td_destroy(struct tdx_td *td);
/*
 * Tear the TD down whatever its state (like TDH.MNG.VPFLUSHDONE and
 * friends followed by reclaiming every page): frees the module's own
 * memory; table pages stay owned by whoever allocated them.
 */
void tdx_td_teardown(struct tdx_td *td);
u64 tdx_td_eptp(struct tdx_td *td);

enum tdx_status tdh_mem_sept_add(struct tdx_td *td, gpa_t gpa, int level,
				 void *table);
enum tdx_status tdh_mem_page_aug(struct tdx_td *td, gpa_t gpa, int level,
				 hpa_t hpa);
enum tdx_status tdh_mem_range_block(struct tdx_td *td, gpa_t gpa, int level);
void tdh_mem_track(struct tdx_td *td);
enum tdx_status tdh_mem_page_remove(struct tdx_td *td, gpa_t gpa, int level,
				    hpa_t *hpa);
enum tdx_status tdh_mem_sept_remove(struct tdx_td *td, gpa_t gpa, int level,
				    void **table);
enum tdx_status tdh_mem_page_demote(struct tdx_td *td, gpa_t gpa, int level,
				    void *table);

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_TDX_MODULE_H */
