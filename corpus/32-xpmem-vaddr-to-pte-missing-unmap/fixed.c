// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #32, fixed: as in openucx/xpmem PR #46 "KERNEL: Use pte
 * offset kernel function for mapped pages", the walker uses
 * pte_offset_kernel(), which begins no section, and nothing is unmapped.
 */
#include <linux/pgtable.h>

// expected-no-diagnostics

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
	pte = pte_offset_kernel(pmd, vaddr);
	if (!pte_present(*pte)) {
		*size = 1UL << 12;
		return NULL;
	}
	return pte;
}

u64 vaddr_to_pfn(struct mm_struct *mm, u64 vaddr)
{
	u64 size;
	pte_t *pte = vaddr_to_pte_size(mm, vaddr, &size);

	if (pte == NULL)
		return 0;
	return pte_pfn(*pte);
}
