// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #32: a page-table walker maps the PTE with pte_offset_map()
 * and, when the entry is not present, returns NULL without pte_unmap(): since
 * Linux 6.5 that leaves the RCU read-side section pte_offset_map() began.
 *
 * Distilled from openucx/xpmem PR #46 "KERNEL: Use pte offset kernel function
 * for mapped pages" (2023): xpmem_vaddr_to_pte_offset() and
 * xpmem_vaddr_to_pte_size() mapped with pte_offset_map() and never unmapped;
 * the fix walks with pte_offset_kernel(), which maps nothing.
 *
 * The helper hands the mapped PTE to its caller on success (a protocol, as
 * pte_offset_map() itself: the PTE inside the section, NULL outside), so only
 * the NULL that is returned with the section still held is the bug.
 */
#include <linux/pgtable.h>

typedef unsigned long long u64;
struct mm_struct;

pmd_t *walk_to_pmd(struct mm_struct *mm, u64 vaddr);

static pte_t *vaddr_to_pte_size(struct mm_struct *mm, u64 vaddr, u64 *size)
{
	pmd_t *pmd;
	pte_t *pte;

	pmd = walk_to_pmd(mm, vaddr);
	if (!pmd || !pmd_present(*pmd)) {
		*size = 1UL << 21;
		return NULL;
	}
	pte = pte_offset_map(pmd, vaddr);
	if (!pte)
		return NULL;
	if (!pte_present(*pte)) {
		*size = 1UL << 12;
		return NULL; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others}}
	}
	return pte;
}

u64 vaddr_to_pfn(struct mm_struct *mm, u64 vaddr)
{
	u64 size, pfn;
	pte_t *pte = vaddr_to_pte_size(mm, vaddr, &size);

	if (pte == NULL)
		return 0;
	pfn = pte_pfn(*pte);
	pte_unmap(pte);
	return pfn;
}
