/* SPDX-License-Identifier: MIT */
/*
 * SPTE encoding of the TDP MMU.  SPTEs use the EPT entry format directly
 * (the direct root is walked by the EPT walker as real hardware would),
 * plus software bits in positions EPT ignores:
 *
 *   2:0   R/W/X                     (EPT)
 *   5:3   memory type, leaves only  (EPT; write-back = 6)
 *   6     ignore PAT, leaves only   (EPT)
 *   7     page size (huge leaf)     (EPT)
 *   8     accessed                  (EPT, with A/D enabled)
 *   9     dirty, leaves only        (EPT, with A/D enabled)
 *   11    SPTE_MMU_PRESENT_MASK     (software: "shadow present")
 *   51:12 host PFN / child table    (EPT)
 *   57    host-writable             (software)
 *   58    MMU-writable              (software)
 *   63    suppress #VE              (EPT): SHADOW_NONPRESENT_VALUE
 *
 * A not-present SPTE is SHADOW_NONPRESENT_VALUE (bit 63 only, as in Linux
 * 6.12) so that EPT violations on it are not reflected as #VE.
 * FROZEN_SPTE marks an SPTE owned by a thread doing a multi-step atomic
 * update (zapping a table, or propagating to an external table): it is not
 * present to hardware (R/W/X clear) nor to software (bit 11 clear), and is
 * distinct from any value that could otherwise be stored.
 */
#ifndef _MMUREF_SPTE_H
#define _MMUREF_SPTE_H

#include <linux/kernel.h>
#include <linux/gfp.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Kernel naming: an SPTE pointer into an RCU-protected page table. */
typedef u64 __rcu *tdp_ptep_t;

enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,
	PG_LEVEL_2M,
	PG_LEVEL_1G,
	PG_LEVEL_512G,
	PG_LEVEL_256T,
};

#define PT64_ROOT_4LEVEL	4
#define PT64_ROOT_5LEVEL	5
#define PT64_ROOT_MAX_LEVEL	5

#define SPTE_LEVEL_BITS		9
#define SPTE_ENT_PER_PAGE	512

#define KVM_HPAGE_GFN_SHIFT(level)	(((level) - 1) * SPTE_LEVEL_BITS)
#define KVM_PAGES_PER_HPAGE(level)	(1ULL << KVM_HPAGE_GFN_SHIFT(level))
#define SPTE_INDEX(gfn, level) \
	(((gfn) >> KVM_HPAGE_GFN_SHIFT(level)) & (SPTE_ENT_PER_PAGE - 1))

/* Access permissions, in EPT bit positions. */
#define ACC_READ_MASK		BIT_ULL(0)
#define ACC_WRITE_MASK		BIT_ULL(1)
#define ACC_EXEC_MASK		BIT_ULL(2)
#define ACC_ALL			(ACC_READ_MASK | ACC_WRITE_MASK | ACC_EXEC_MASK)

#define PT_PRESENT_MASK		BIT_ULL(0)
#define PT_WRITABLE_MASK	BIT_ULL(1)
#define SPTE_PERM_MASK		GENMASK_ULL(2, 0)
#define SPTE_MEMTYPE_SHIFT	3
#define SPTE_MEMTYPE_WB		(6ULL << SPTE_MEMTYPE_SHIFT)
#define SPTE_IPAT_MASK		BIT_ULL(6)
#define PT_PAGE_SIZE_MASK	BIT_ULL(7)
#define shadow_accessed_mask	BIT_ULL(8)
#define shadow_dirty_mask	BIT_ULL(9)
#define SPTE_MMU_PRESENT_MASK	BIT_ULL(11)
#define SPTE_BASE_ADDR_MASK	GENMASK_ULL(51, 12)
#define SPTE_HOST_WRITABLE	BIT_ULL(57)
#define SPTE_MMU_WRITABLE	BIT_ULL(58)
#define SHADOW_NONPRESENT_VALUE	BIT_ULL(63)

#define FROZEN_SPTE		(SHADOW_NONPRESENT_VALUE | 0x5a0ULL)

static inline bool is_frozen_spte(u64 spte)
{
	return spte == FROZEN_SPTE;
}

static inline bool is_shadow_present_pte(u64 spte)
{
	return !!(spte & SPTE_MMU_PRESENT_MASK);
}

static inline bool is_large_pte(u64 spte)
{
	return !!(spte & PT_PAGE_SIZE_MASK);
}

static inline bool is_last_spte(u64 spte, int level)
{
	return level == PG_LEVEL_4K || is_large_pte(spte);
}

static inline bool is_writable_pte(u64 spte)
{
	return !!(spte & PT_WRITABLE_MASK);
}

static inline bool is_accessed_spte(u64 spte)
{
	return !!(spte & shadow_accessed_mask);
}

static inline bool is_dirty_spte(u64 spte)
{
	return !!(spte & shadow_dirty_mask);
}

static inline kvm_pfn_t spte_to_pfn(u64 spte)
{
	return (spte & SPTE_BASE_ADDR_MASK) >> PAGE_SHIFT;
}

static inline gfn_t gfn_round_for_level(gfn_t gfn, int level)
{
	return gfn & ~(KVM_PAGES_PER_HPAGE(level) - 1);
}

/* The child page table of a non-leaf SPTE, NULL for leaves/not-present. */
static inline u64 *spte_to_child_pt(u64 spte, int level)
{
	if (!is_shadow_present_pte(spte) || is_last_spte(spte, level))
		return NULL;
	return (u64 *)__va(spte & SPTE_BASE_ADDR_MASK);
}

u64 make_spte(int level, kvm_pfn_t pfn, unsigned int access, bool write);
u64 make_nonleaf_spte(u64 *child_pt);
u64 make_huge_page_split_spte(u64 huge_spte, int child_level, int index);

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_SPTE_H */
