/* SPDX-License-Identifier: MIT */
/* rcuctx corpus: the slice of arch/x86/kvm/mmu/spte.h and mmu_internal.h the TDP cases use. */
#ifndef _MINI_KVM_SPTE_H
#define _MINI_KVM_SPTE_H

#include <linux/kvm_host.h>

#define PG_LEVEL_4K 1
#define PG_LEVEL_2M 2
#define PG_LEVEL_1G 3
#define SPTE_ENT_PER_PAGE 512
#define SHADOW_NONPRESENT_VALUE (1ull << 63)
#define FROZEN_SPTE (SHADOW_NONPRESENT_VALUE | 0x5a0ull)

enum kvm_mmu_type { KVM_DIRECT_ROOTS, KVM_MIRROR_ROOTS };

union kvm_mmu_page_role { u32 word; struct { unsigned level:4; unsigned is_mirror:1; }; };

struct kvm_mmu_page {
	struct list_head link;
	union kvm_mmu_page_role role;
	gfn_t gfn;
	u64 *spt;
	void *external_spt;
	int root_count;
	struct rcu_head rcu_head;
};

extern struct kmem_cache *mmu_page_header_cache;

void *page_private(void *page);
struct kvm_mmu_page *sptep_to_sp(u64 *sptep);

static inline bool is_shadow_present_pte(u64 pte) { return pte & 1; }
static inline bool is_large_pte(u64 pte) { return pte & (1ull << 7); }
static inline bool is_last_spte(u64 pte, int level) { return level == PG_LEVEL_4K || is_large_pte(pte); }

static inline struct kvm_mmu_page *root_to_sp(tdp_ptep_t root)
{
	return sptep_to_sp(rcu_dereference(root));
}

static inline bool is_mirror_sp(const struct kvm_mmu_page *sp)
{
	return sp->role.is_mirror;
}

static inline bool is_mirror_sptep(tdp_ptep_t sptep)
{
	return is_mirror_sp(sptep_to_sp(rcu_dereference(sptep)));
}

#endif
