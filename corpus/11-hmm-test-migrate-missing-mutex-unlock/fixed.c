// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #11, fixed: as in "mm/hmm/test: fix missing unlock on error
 * in dmirror_migrate_finalize_and_map()", the error exit drops the mutex.
 */
#include <linux/gfp.h>
#include <linux/mutex.h>

// expected-no-diagnostics

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
		if (xa_is_err(entry)) {
			mutex_unlock(&dmirror->mutex);
			return xa_err(entry);
		}
	}

	mutex_unlock(&dmirror->mutex);
	return 0;
}
