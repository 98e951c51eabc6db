/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: folios and the page cache's address_space
 * (corpus addition, for page migration). A folio is one or more pages;
 * copying one is a loop over its pages. address_space carries the spinlock
 * that guards the buffer heads a file system attaches (i_private_lock).
 */
#ifndef _MINI_LINUX_MM_TYPES_H
#define _MINI_LINUX_MM_TYPES_H

#include <linux/spinlock.h>

struct page { unsigned long flags; };

struct folio {
	unsigned long flags;
	void *private;
	unsigned int order;
	int refcount;
	struct page page;
};

struct address_space {
	spinlock_t i_private_lock;
	unsigned long nrpages;
};

static inline long folio_nr_pages(const struct folio *folio)
{
	return 1L << folio->order;
}
static inline struct page *folio_page(struct folio *folio, long n)
{
	return &folio->page + n;
}
static inline void *folio_get_private(struct folio *folio)
{
	return folio->private;
}
static inline int folio_ref_count(const struct folio *folio)
{
	return READ_ONCE(folio->refcount);
}
int folio_expected_ref_count(struct folio *folio);

/* Copies one page, machine-check safe; non-zero on a poisoned source. */
int copy_mc_highpage(struct page *to, struct page *from);

#endif
