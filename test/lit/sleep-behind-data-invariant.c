// A function that may sleep only when a pointer is non-NULL which, at this
// call, the kernel's own invariants keep NULL. Linux 6.12's mm/hugetlb.c:
// copy_hugetlb_page_range() calls restore_reserve_on_error() for the child's
// VMA under two page-table spinlocks; restore_reserve_on_error() ->
// vma_needs_reservation() -> region_chg() -> allocate_file_region_entries()
// may kmalloc(GFP_KERNEL), but only with the VMA's reserve map, and a child's
// private hugetlb VMA has none (hugetlb_dup_vma_private() clears it), so
// __vma_reservation_common() returns early. rcuctx has no facts about data:
// "may sleep" means "some path sleeps". It became visible when issue #14's
// return-value splits made region_chg()'s exit precise (its failure return
// of allocate_file_region_entries() had smeared the preemption depth to
// [-inf,1], which hid every sleep after it). kernel/RESULTS-mm.md, false.
// XFAIL: *
// RUN: %verify %s
// expected-no-diagnostics
#include <linux/slab.h>
#include <linux/spinlock.h>

struct resv_map { spinlock_t lock; int cache; };
struct vma { unsigned long flags; struct resv_map *resv; };

static int region_chg(struct resv_map *resv)
{
	void *p = 0;

	spin_lock(&resv->lock);
	if (!resv->cache) {
		spin_unlock(&resv->lock);
		p = kmalloc(64, GFP_KERNEL);
		spin_lock(&resv->lock);
	}
	spin_unlock(&resv->lock);
	return p != 0;
}

static long needs_reservation(struct vma *vma)
{
	if (!vma->resv) /* a child's private VMA: always */
		return 1;
	return region_chg(vma->resv);
}

void copy_range(struct vma *child, spinlock_t *src_ptl, spinlock_t *dst_ptl)
{
	spin_lock(dst_ptl);
	spin_lock(src_ptl);
	needs_reservation(child);
	spin_unlock(src_ptl);
	spin_unlock(dst_ptl);
}
