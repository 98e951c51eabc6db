// SPDX-License-Identifier: MIT
/*
 * The TDX-module-like S-EPT state machine (see tdx_module.h).  All updates
 * happen under td->lock; the EPT walker may read concurrently, so entries
 * are published with atomic exchanges (it may also set A/D bits, which a
 * module update may overwrite: harmless, as on hardware).
 */
#include "tdx_module.h"
#include "ept.h"
#include "spte.h"
#include <linux/gfp.h>
#include <linux/slab.h>

#define LEVEL_SHIFT(level)	(12 + 9 * ((level) - 1))

static const char *const status_names[] = {
	[TDX_SUCCESS] = "TDX_SUCCESS",
	[TDX_OPERAND_INVALID] = "TDX_OPERAND_INVALID",
	[TDX_EPT_WALK_FAILED] = "TDX_EPT_WALK_FAILED",
	[TDX_EPT_ENTRY_NOT_FREE] = "TDX_EPT_ENTRY_NOT_FREE",
	[TDX_EPT_ENTRY_FREE] = "TDX_EPT_ENTRY_FREE",
	[TDX_EPT_ENTRY_STATE_INCORRECT] = "TDX_EPT_ENTRY_STATE_INCORRECT",
	[TDX_TLB_TRACKING_NOT_DONE] = "TDX_TLB_TRACKING_NOT_DONE",
	[TDX_EPT_CHILD_NOT_FREE] = "TDX_EPT_CHILD_NOT_FREE",
};

const char *tdx_status_name(enum tdx_status status)
{
	if ((unsigned int)status >= ARRAY_SIZE(status_names))
		return "?";
	return status_names[status];
}

static bool entry_free(u64 e)
{
	return e == TDX_FREE_ENTRY;
}

static bool entry_blocked(u64 e)
{
	return !!(e & TDX_BLOCKED);
}

static bool entry_present(u64 e)
{
	return !entry_free(e) && !entry_blocked(e);
}

static bool entry_leaf(u64 e, int level)
{
	return level == 1 || (e & EPT_PAGE_SIZE);
}

static void init_table(u64 *table)
{
	int i;

	for (i = 0; i < SPTE_ENT_PER_PAGE; i++)
		__atomic_store_n(&table[i], TDX_FREE_ENTRY, __ATOMIC_RELAXED);
}

static void set_entry(u64 *ptep, u64 val)
{
	__atomic_exchange_n(ptep, val, __ATOMIC_SEQ_CST);
}

/*
 * The "hardware" walker sets A/D bits in these entries concurrently (an
 * atomic cmpxchg, as a CPU's locked update), so the module's reads are
 * atomic too: a plain read racing with them is a C data race.
 */
static u64 get_entry(const u64 *ptep)
{
	return __atomic_load_n(ptep, __ATOMIC_RELAXED);
}

struct tdx_td *tdx_td_create(int levels)
{
	struct tdx_td *td;

	if (levels != 4 && levels != 5)
		return NULL;
	td = kzalloc(sizeof(*td), GFP_KERNEL);
	if (!td)
		return NULL;
	td->root = (u64 *)__get_free_page(GFP_KERNEL);
	if (!td->root) {
		kfree(td);
		return NULL;
	}
	init_table(td->root);
	td->levels = levels;
	spin_lock_init(&td->lock);
	return td;
}

int tdx_td_destroy(struct tdx_td *td)
{
	int i;

	if (!td)
		return 0;
	for (i = 0; i < SPTE_ENT_PER_PAGE; i++)
		if (!entry_free(td->root[i]))
			return -EBUSY;
	if (WARN_ON(td->nr_tables || td->nr_leaves))
		return -EBUSY;
	spin_lock_destroy(&td->lock);
	free_page((unsigned long)td->root);
	kfree(td);
	return 0;
}

void tdx_td_teardown(struct tdx_td *td)
{
	spin_lock_destroy(&td->lock);
	free_page((unsigned long)td->root);
	kfree(td);
}

u64 tdx_td_eptp(struct tdx_td *td)
{
	return ept_make_eptp(__pa(td->root), td->levels, true);
}

/*
 * Find the entry for (@gpa, @level): every entry above it must be a
 * present non-leaf.  Called with td->lock held.
 */
static enum tdx_status walk_to(struct tdx_td *td, gpa_t gpa, int level,
			       u64 **ptepp)
{
	u64 *table = td->root;
	int l;

	if (level < 1 || level > td->levels ||
	    (gpa & ((1ULL << LEVEL_SHIFT(level)) - 1)) ||
	    (gpa >> LEVEL_SHIFT(td->levels + 1)))
		return TDX_OPERAND_INVALID;
	for (l = td->levels; l > level; l--) {
		u64 e = get_entry(&table[(gpa >> LEVEL_SHIFT(l)) & 511]);

		if (!entry_present(e) || entry_leaf(e, l))
			return TDX_EPT_WALK_FAILED;
		table = (u64 *)__va(e & ept_pa_mask());
	}
	*ptepp = &table[(gpa >> LEVEL_SHIFT(level)) & 511];
	return TDX_SUCCESS;
}

enum tdx_status tdh_mem_sept_add(struct tdx_td *td, gpa_t gpa, int level,
				 void *table)
{
	enum tdx_status ret;
	u64 *ptep;

	if (level < 2 || !table || ((unsigned long)table & (PAGE_SIZE - 1)))
		return TDX_OPERAND_INVALID;
	spin_lock(&td->lock);
	ret = walk_to(td, gpa, level, &ptep);
	if (ret)
		goto out;
	if (!entry_free(get_entry(ptep))) {
		ret = TDX_EPT_ENTRY_NOT_FREE;
		goto out;
	}
	init_table((u64 *)table);
	set_entry(ptep, __pa(table) | EPT_RWX);
	td->nr_tables++;
out:
	spin_unlock(&td->lock);
	return ret;
}

static u64 make_leaf(hpa_t hpa, int level, u64 rwx)
{
	return hpa | rwx | (EPT_MT_WB << EPT_MT_SHIFT) | EPT_IPAT |
	       (level > 1 ? EPT_PAGE_SIZE : 0);
}

enum tdx_status tdh_mem_page_aug(struct tdx_td *td, gpa_t gpa, int level,
				 hpa_t hpa)
{
	enum tdx_status ret;
	u64 *ptep;

	if (level > 3 || (hpa & ((1ULL << LEVEL_SHIFT(level)) - 1)) ||
	    (hpa & ~ept_pa_mask()))
		return TDX_OPERAND_INVALID;
	spin_lock(&td->lock);
	ret = walk_to(td, gpa, level, &ptep);
	if (ret)
		goto out;
	if (!entry_free(get_entry(ptep))) {
		ret = TDX_EPT_ENTRY_NOT_FREE;
		goto out;
	}
	set_entry(ptep, make_leaf(hpa, level, EPT_RWX));
	td->nr_leaves++;
out:
	spin_unlock(&td->lock);
	return ret;
}

enum tdx_status tdh_mem_range_block(struct tdx_td *td, gpa_t gpa, int level)
{
	enum tdx_status ret;
	u64 *ptep, e;

	spin_lock(&td->lock);
	ret = walk_to(td, gpa, level, &ptep);
	if (ret)
		goto out;
	e = get_entry(ptep);
	if (entry_free(e)) {
		ret = TDX_EPT_ENTRY_FREE;
		goto out;
	}
	if (entry_blocked(e)) {
		ret = TDX_EPT_ENTRY_STATE_INCORRECT;
		goto out;
	}
	e &= ~(EPT_RWX | EPT_ACCESSED | EPT_DIRTY);
	e |= TDX_BLOCKED | ((get_entry(ptep) & EPT_RWX) << TDX_SAVED_RWX_SHIFT) |
	     ((td->epoch << TDX_EPOCH_SHIFT) & TDX_EPOCH_MASK);
	set_entry(ptep, e);
out:
	spin_unlock(&td->lock);
	return ret;
}

void tdh_mem_track(struct tdx_td *td)
{
	spin_lock(&td->lock);
	td->epoch++;
	spin_unlock(&td->lock);
}

/*
 * A blocked entry is tracked once TRACK ran after the block.  The epoch is
 * kept mod 64 in the entry: exact as long as fewer than 64 TRACKs separate
 * a block from the matching remove (KVM does block, track, remove back to
 * back under the write lock).
 */
static enum tdx_status check_blocked_tracked(struct tdx_td *td, u64 e)
{
	if (entry_free(e))
		return TDX_EPT_ENTRY_FREE;
	if (!entry_blocked(e))
		return TDX_EPT_ENTRY_STATE_INCORRECT;
	if (((e & TDX_EPOCH_MASK) >> TDX_EPOCH_SHIFT) == (td->epoch & 63))
		return TDX_TLB_TRACKING_NOT_DONE;
	return TDX_SUCCESS;
}

enum tdx_status tdh_mem_page_remove(struct tdx_td *td, gpa_t gpa, int level,
				    hpa_t *hpa)
{
	enum tdx_status ret;
	u64 *ptep, e;

	spin_lock(&td->lock);
	ret = walk_to(td, gpa, level, &ptep);
	if (ret)
		goto out;
	e = get_entry(ptep);
	ret = check_blocked_tracked(td, e);
	if (ret)
		goto out;
	if (!entry_leaf(e, level)) {
		ret = TDX_EPT_ENTRY_STATE_INCORRECT;
		goto out;
	}
	if (hpa)
		*hpa = e & ept_pa_mask() & ~((1ULL << LEVEL_SHIFT(level)) - 1);
	set_entry(ptep, TDX_FREE_ENTRY);
	td->nr_leaves--;
out:
	spin_unlock(&td->lock);
	return ret;
}

enum tdx_status tdh_mem_sept_remove(struct tdx_td *td, gpa_t gpa, int level,
				    void **table)
{
	enum tdx_status ret;
	u64 *ptep, *child, e;
	int i;

	if (level < 2)
		return TDX_OPERAND_INVALID;
	spin_lock(&td->lock);
	ret = walk_to(td, gpa, level, &ptep);
	if (ret)
		goto out;
	e = get_entry(ptep);
	ret = check_blocked_tracked(td, e);
	if (ret)
		goto out;
	if (entry_leaf(e, level)) {
		ret = TDX_EPT_ENTRY_STATE_INCORRECT;
		goto out;
	}
	child = (u64 *)__va(e & ept_pa_mask());
	for (i = 0; i < SPTE_ENT_PER_PAGE; i++) {
		if (!entry_free(get_entry(&child[i]))) {
			ret = TDX_EPT_CHILD_NOT_FREE;
			goto out;
		}
	}
	if (table)
		*table = child;
	set_entry(ptep, TDX_FREE_ENTRY);
	td->nr_tables--;
out:
	spin_unlock(&td->lock);
	return ret;
}

enum tdx_status tdh_mem_page_demote(struct tdx_td *td, gpa_t gpa, int level,
				    void *table)
{
	enum tdx_status ret;
	u64 *ptep, *child = (u64 *)table;
	u64 e, rwx;
	hpa_t base;
	int i;

	if (level < 2 || level > 3 || !table ||
	    ((unsigned long)table & (PAGE_SIZE - 1)))
		return TDX_OPERAND_INVALID;
	spin_lock(&td->lock);
	ret = walk_to(td, gpa, level, &ptep);
	if (ret)
		goto out;
	e = get_entry(ptep);
	ret = check_blocked_tracked(td, e);
	if (ret)
		goto out;
	if (!entry_leaf(e, level)) {
		ret = TDX_EPT_ENTRY_STATE_INCORRECT;
		goto out;
	}
	rwx = (e & TDX_SAVED_RWX_MASK) >> TDX_SAVED_RWX_SHIFT;
	base = e & ept_pa_mask() & ~((1ULL << LEVEL_SHIFT(level)) - 1);
	/* Fill the new table completely before it becomes reachable. */
	for (i = 0; i < SPTE_ENT_PER_PAGE; i++)
		child[i] = make_leaf(base + ((u64)i << LEVEL_SHIFT(level - 1)),
				     level - 1, rwx);
	set_entry(ptep, __pa(table) | EPT_RWX);
	td->nr_tables++;
	td->nr_leaves += SPTE_ENT_PER_PAGE - 1;
out:
	spin_unlock(&td->lock);
	return ret;
}
