/* SPDX-License-Identifier: MIT */
/*
 * Allocation context flags with the kernel's names and meaning: a gfp_t
 * with __GFP_DIRECT_RECLAIM may sleep (GFP_KERNEL, GFP_KERNEL_ACCOUNT); one
 * without it may not (GFP_ATOMIC, GFP_NOWAIT).  The allocator calls
 * might_sleep() for blocking flags, so debug builds catch a GFP_KERNEL
 * allocation under mmu_lock or inside rcu_read_lock().
 */
#ifndef _MMUREF_LINUX_GFP_H
#define _MMUREF_LINUX_GFP_H

#include <linux/types.h>

#define __GFP_HIGH		0x20u
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define __GFP_ZERO		0x100u
#define __GFP_DIRECT_RECLAIM	0x400u
#define __GFP_KSWAPD_RECLAIM	0x800u
#define __GFP_NOWARN		0x2000u
#define __GFP_ACCOUNT		0x400000u
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC		(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return !!(gfp & __GFP_DIRECT_RECLAIM);
}

#ifdef __cplusplus
extern "C" {
#endif

/* Page allocator; pages come from an arena that has a struct page each. */
#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

struct page {
#ifndef __cplusplus
	unsigned long private;	/* owner cookie, e.g. the kvm_mmu_page */
#else
	unsigned long private_;	/* "private" is a C++ keyword */
#endif
};

#ifdef __cplusplus
#define __page_private_field private_
#else
#define __page_private_field private
#endif

/*
 * Allocation-site capture for fault injection: every allocation API below
 * is also a macro that records the calling function first.  The callee of
 * the call that is left in the AST keeps the kernel's name.
 */
void mmuref_alloc_site(const char *func);

unsigned long __get_free_page(gfp_t gfp);
unsigned long get_zeroed_page(gfp_t gfp);
void free_page(unsigned long addr);
struct page *virt_to_page(const void *addr);

#define __get_free_page(gfp) \
	(mmuref_alloc_site(__func__), __get_free_page(gfp))
#define get_zeroed_page(gfp) \
	(mmuref_alloc_site(__func__), get_zeroed_page(gfp))

static inline unsigned long page_private(struct page *page)
{
	return page->__page_private_field;
}

static inline void set_page_private(struct page *page, unsigned long priv)
{
	page->__page_private_field = priv;
}

/* Host "physical" addresses are the arena's virtual addresses. */
static inline phys_addr_t __pa(const void *addr)
{
	return (phys_addr_t)(unsigned long)addr;
}

static inline void *__va(phys_addr_t pa)
{
	return (void *)(unsigned long)pa;
}

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_LINUX_GFP_H */
