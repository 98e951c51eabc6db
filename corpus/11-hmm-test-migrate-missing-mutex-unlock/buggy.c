// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #11: the HMM test driver maps migrated device pages into its
 * mirror page table under dmirror->mutex, and an xarray store failure returns
 * from the middle of the loop without dropping the mutex.
 *
 * Distilled from "mm/hmm/test: fix missing unlock on error in
 * dmirror_migrate_finalize_and_map()" (Wei Yongjun, Hulk Robot, 2020), a fix
 * to the then-new test driver "mm/hmm/test: add selftest driver for HMM".
 */
#include <linux/gfp.h>
#include <linux/mutex.h>

#define PAGE_SHIFT		12
#define MIGRATE_PFN_MIGRATE	(1UL << 1)
#define MIGRATE_PFN_WRITE	(1UL << 3)
#define DPT_XA_TAG_WRITE	3UL

struct page;
struct xarray { void *xa_head; };

struct dmirror {
	struct mutex mutex;
	struct xarray pt;
};

struct migrate_vma {
	unsigned long start, end;
	unsigned long *src, *dst;
};

void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
bool xa_is_err(const void *entry);
int xa_err(void *entry);
void *xa_tag_pointer(void *p, unsigned long tag);
struct page *migrate_pfn_to_page(unsigned long mpfn);

int dmirror_migrate_finalize_and_map(struct migrate_vma *args, struct dmirror *dmirror)
{
	const unsigned long *src = args->src;
	const unsigned long *dst = args->dst;
	unsigned long pfn;

	mutex_lock(&dmirror->mutex);

	for (pfn = args->start >> PAGE_SHIFT; pfn < (args->end >> PAGE_SHIFT);
	     pfn++, src++, dst++) {
		struct page *dpage;
		void *entry;

		if (!(*src & MIGRATE_PFN_MIGRATE))
			continue;

		dpage = migrate_pfn_to_page(*dst);
		if (!dpage)
			continue;

		/* Store the device page, tagged if the mapping is writable. */
		entry = dpage;
		if (*dst & MIGRATE_PFN_WRITE)
			entry = xa_tag_pointer(entry, DPT_XA_TAG_WRITE);
		entry = xa_store(&dmirror->pt, pfn, entry, GFP_ATOMIC);
		if (xa_is_err(entry))
			return xa_err(entry); // expected-warning {{returns with 'struct dmirror::mutex' held on this path but not on others}}
	}

	mutex_unlock(&dmirror->mutex);
	return 0;
}
