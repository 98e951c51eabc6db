/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: mapping a page table (corpus addition). Since
 * 6.5 pte_offset_map() may fail, and maps the table inside an RCU read-side
 * section that pte_unmap() ends: __pte_offset_map() returns the entry with
 * RCU held, or NULL with it released. pte_offset_kernel() maps nothing.
 * The bodies are this project's own reductions of that contract.
 */
#ifndef _MINI_LINUX_PGTABLE_H
#define _MINI_LINUX_PGTABLE_H

#include <linux/rcupdate.h>

typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;

#define PTRS_PER_PTE	512
#define _PAGE_PRESENT	0x001UL

static inline int pmd_none(pmd_t pmd) { return pmd.pmd == 0; }
static inline int pmd_bad(pmd_t pmd) { return (pmd.pmd & 0xfffUL) != 0x067UL; }
static inline int pmd_present(pmd_t pmd) { return (pmd.pmd & _PAGE_PRESENT) != 0; }
static inline int pte_present(pte_t pte) { return (pte.pte & _PAGE_PRESENT) != 0; }
static inline unsigned long pte_pfn(pte_t pte) { return pte.pte >> 12; }
static inline unsigned long pte_index(unsigned long addr) { return (addr >> 12) & (PTRS_PER_PTE - 1); }

pte_t *pmd_page_vaddr(pmd_t pmd);

static inline pte_t *pte_offset_kernel(pmd_t *pmd, unsigned long addr)
{
	return pmd_page_vaddr(*pmd) + pte_index(addr);
}

static inline pte_t *__pte_offset_map(pmd_t *pmd, unsigned long addr, pmd_t *pmdvalp)
{
	pmd_t pmdval;

	rcu_read_lock();
	pmdval = *pmd;
	if (pmdvalp)
		*pmdvalp = pmdval;
	if (pmd_none(pmdval) || pmd_bad(pmdval)) {
		rcu_read_unlock();
		return NULL;
	}
	return pmd_page_vaddr(pmdval) + pte_index(addr);
}

static inline pte_t *pte_offset_map(pmd_t *pmd, unsigned long addr)
{
	return __pte_offset_map(pmd, addr, NULL);
}

static inline void pte_unmap(pte_t *pte)
{
	rcu_read_unlock();
}

#endif
