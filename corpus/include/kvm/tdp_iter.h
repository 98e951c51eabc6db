/* SPDX-License-Identifier: MIT */
/* rcuctx corpus: the slice of arch/x86/kvm/mmu/tdp_iter.h the TDP cases use. */
#ifndef _MINI_KVM_TDP_ITER_H
#define _MINI_KVM_TDP_ITER_H

#include <kvm/spte.h>

static inline u64 kvm_tdp_mmu_read_spte(tdp_ptep_t sptep)
{
	return READ_ONCE(*rcu_dereference(sptep));
}

struct tdp_iter {
	gfn_t next_last_level_gfn;
	gfn_t yielded_gfn;
	tdp_ptep_t pt_path[5];
	tdp_ptep_t sptep;
	gfn_t gfn;
	int min_level;
	int level;
	u64 old_spte;
	bool valid;
	bool yielded;
};

/* Defined in tdp_iter.c: they walk with rcu_dereference(). */
void tdp_iter_start(struct tdp_iter *iter, struct kvm_mmu_page *root, int min_level, gfn_t next_last_level_gfn);
void tdp_iter_next(struct tdp_iter *iter);

#define for_each_tdp_pte_min_level(iter, kvm, root, min_level, start, end)	\
	for (tdp_iter_start(&iter, root, min_level, start);			\
	     iter.valid && iter.gfn < end;					\
	     tdp_iter_next(&iter))

#endif
