// SPDX-License-Identifier: MIT
/* Construction of SPTE values; see spte.h for the bit layout. */
#include "spte.h"

/*
 * A leaf: the guest has just touched it (accessed set, and dirty on a write
 * fault into a writable mapping).  Write-back memory type with ignore-PAT,
 * as KVM uses for ordinary RAM.
 */
u64 make_spte(int level, kvm_pfn_t pfn, unsigned int access, bool write)
{
	u64 spte = SPTE_MMU_PRESENT_MASK | SPTE_MEMTYPE_WB | SPTE_IPAT_MASK |
		   shadow_accessed_mask;

	WARN_ON(pfn & (KVM_PAGES_PER_HPAGE(level) - 1));
	/* EPT cannot express write-without-read; read is implied. */
	spte |= ACC_READ_MASK | (access & (ACC_WRITE_MASK | ACC_EXEC_MASK));
	spte |= (pfn << PAGE_SHIFT) & SPTE_BASE_ADDR_MASK;
	if (level > PG_LEVEL_4K)
		spte |= PT_PAGE_SIZE_MASK;
	if (access & ACC_WRITE_MASK) {
		spte |= SPTE_HOST_WRITABLE | SPTE_MMU_WRITABLE;
		if (write)
			spte |= shadow_dirty_mask;
	}
	return spte;
}

/*
 * A non-leaf entry grants everything; the leaf decides.  Bits 6:3 are
 * reserved in EPT entries that reference a table, so no memory type here.
 */
u64 make_nonleaf_spte(u64 *child_pt)
{
	return __pa(child_pt) | SPTE_MMU_PRESENT_MASK | ACC_ALL |
	       shadow_accessed_mask;
}

/*
 * The @index-th child of a huge leaf being split into a table of
 * @child_level entries: same permissions and A/D state, the matching slice
 * of the host range, and no page-size bit at 4K.
 */
u64 make_huge_page_split_spte(u64 huge_spte, int child_level, int index)
{
	u64 child = huge_spte;

	WARN_ON(!is_shadow_present_pte(huge_spte) || !is_large_pte(huge_spte));
	child += ((u64)index * KVM_PAGES_PER_HPAGE(child_level)) << PAGE_SHIFT;
	if (child_level == PG_LEVEL_4K)
		child &= ~PT_PAGE_SIZE_MASK;
	return child;
}
