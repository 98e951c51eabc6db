/* SPDX-License-Identifier: MIT */
/*
 * The TDP MMU.  Lock and RCU requirements of each entry point (enforced by
 * lockdep assertions in debug builds; see README.md for the full table):
 *
 *  kvm_tdp_mmu_map             mmu_lock read; takes RCU inside; no sleep
 *  kvm_tdp_mmu_zap_leafs       mmu_lock write; may drop+retake it (yield)
 *  kvm_tdp_mmu_zap_all         mmu_lock write
 *  tdp_mmu_split_huge_pages_root
 *                              mmu_lock read (@shared) or write; drops RCU
 *                              and mmu_lock to allocate (sleeps); mirror
 *                              roots need write
 *  kvm_tdp_mmu_wrprot_range,
 *  kvm_tdp_mmu_clear_dirty_range,
 *  kvm_tdp_mmu_age_gfn_range   mmu_lock read; direct roots only
 *  kvm_tdp_mmu_get_walk        rcu_read_lock() only (lockless walk)
 */
#ifndef _MMUREF_TDP_MMU_H
#define _MMUREF_TDP_MMU_H

#include "mmu.h"

#ifdef __cplusplus
extern "C" {
#endif

int kvm_tdp_mmu_map(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault);

bool kvm_tdp_mmu_zap_leafs(struct kvm *kvm, struct kvm_mmu_page *root,
			   gfn_t start, gfn_t end, bool flush);
void kvm_tdp_mmu_zap_all(struct kvm *kvm);

int tdp_mmu_split_huge_pages_root(struct kvm *kvm, struct kvm_mmu_page *root,
				  gfn_t start, gfn_t end, int target_level,
				  bool shared);

bool kvm_tdp_mmu_wrprot_range(struct kvm *kvm, struct kvm_mmu_page *root,
			      gfn_t start, gfn_t end, int min_level);
bool kvm_tdp_mmu_clear_dirty_range(struct kvm *kvm, struct kvm_mmu_page *root,
				   gfn_t start, gfn_t end);
bool kvm_tdp_mmu_age_gfn_range(struct kvm *kvm, struct kvm_mmu_page *root,
			       gfn_t start, gfn_t end);

/*
 * Lockless walk for @gfn; returns the level of the last SPTE visited and
 * stores it in *@spte.  Caller holds rcu_read_lock().
 */
int kvm_tdp_mmu_get_walk(struct kvm_mmu_page *root, gfn_t gfn, u64 *spte);

struct kvm_mmu_page *tdp_mmu_alloc_root(struct kvm *kvm, bool mirror);
bool kvm_tdp_mmu_get_root(struct kvm_mmu_page *root);
void kvm_tdp_mmu_put_root(struct kvm *kvm, struct kvm_mmu_page *root);

static inline gfn_t tdp_mmu_max_gfn_exclusive(struct kvm_mmu_page *root)
{
	return 1ULL << (SPTE_LEVEL_BITS * root->role.level);
}

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_TDP_MMU_H */
