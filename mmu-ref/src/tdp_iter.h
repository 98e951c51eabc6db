/* SPDX-License-Identifier: MIT */
/*
 * Pre-order iterator over the SPTEs of a root that map a GFN range.
 *
 * It never caches an SPTE across steps: every step re-reads the entry with
 * rcu_dereference() (so it must run inside rcu_read_lock()), and stepping
 * down re-reads the parent first so it never descends into a table that was
 * unlinked meanwhile.  After a yield (iter->yielded) the next step restarts
 * the walk from the root at next_last_level_gfn, because the tables seen
 * before the yield may be gone.
 */
#ifndef _MMUREF_TDP_ITER_H
#define _MMUREF_TDP_ITER_H

#include "mmu.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tdp_iter {
	/* Lowest GFN still to visit at the last level; where restarts go. */
	gfn_t next_last_level_gfn;
	/* next_last_level_gfn when the walk last yielded. */
	gfn_t yielded_gfn;
	/* The table visited at each level, [level - 1]. */
	tdp_ptep_t pt_path[PT64_ROOT_MAX_LEVEL];
	tdp_ptep_t sptep;
	gfn_t gfn;		/* first GFN mapped by *sptep */
	int root_level;
	int min_level;
	int level;
	u64 old_spte;		/* last value read from *sptep */
	bool valid;
	bool yielded;		/* next step must restart from the root */
};

void tdp_iter_start(struct tdp_iter *iter, struct kvm_mmu_page *root,
		    int min_level, gfn_t next_last_level_gfn);
void tdp_iter_next(struct tdp_iter *iter);
void tdp_iter_restart(struct tdp_iter *iter);

#define for_each_tdp_pte_min_level(iter, kvm, root, min_level, start, end) \
	for (tdp_iter_start(&iter, root, min_level, start);		\
	     iter.valid && iter.gfn < (end);				\
	     tdp_iter_next(&iter))

#define for_each_tdp_pte(iter, kvm, root, start, end)			\
	for_each_tdp_pte_min_level(iter, kvm, root, PG_LEVEL_4K, start, end)

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_TDP_ITER_H */
