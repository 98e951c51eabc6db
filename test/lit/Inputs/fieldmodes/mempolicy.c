#include "pagewalk.h"

/* 6.12's mm/mempolicy.c: the ops table, and so the lock mode the walk
 * asserts, is chosen by one bit of the flags. */
#define MPOL_MF_MOVE (1 << 1)
#define MPOL_MF_WRLOCK (1 << 6)

static const struct mm_walk_ops queue_pages_walk_ops = { .walk_lock = PGWALK_RDLOCK };
static const struct mm_walk_ops queue_pages_lock_vma_walk_ops = { .walk_lock = PGWALK_WRLOCK };
/* walk_lock not named: zero, PGWALK_RDLOCK. */
static const struct mm_walk_ops mincore_walk_ops = { .pte_entry = 0 };

static long queue_pages_range(struct mm_struct *mm, unsigned long flags)
{
	const struct mm_walk_ops *ops = (flags & MPOL_MF_WRLOCK) ?
			&queue_pages_lock_vma_walk_ops : &queue_pages_walk_ops;

	return walk_page_range(mm, ops);
}

/* Without MPOL_MF_WRLOCK the walk asserts the read lock: clean. (It was a
 * false alarm on 6.12's mm/: the walk's write assertion was taken for
 * every caller.) */
long migrate_to_node(struct mm_struct *mm, int flags)
{
	long n;

	mmap_read_lock(mm);
	n = queue_pages_range(mm, flags | MPOL_MF_MOVE);
	mmap_read_unlock(mm);
	return n;
}

long do_mbind(struct mm_struct *mm, int flags)
{
	long n;

	mmap_write_lock(mm);
	n = queue_pages_range(mm, flags | MPOL_MF_WRLOCK);
	mmap_write_unlock(mm);
	return n;
}

/* MPOL_MF_WRLOCK under the read lock: caught. */
long mbind_read_locked(struct mm_struct *mm, int flags)
{
	long n;

	mmap_read_lock(mm);
	n = queue_pages_range(mm, flags | MPOL_MF_WRLOCK);
	mmap_read_unlock(mm);
	return n;
}

/* The tables themselves, read-locked. */
long mincore_locked(struct mm_struct *mm)
{
	long n;

	mmap_read_lock(mm);
	n = walk_page_range(mm, &queue_pages_walk_ops) + walk_page_range(mm, &mincore_walk_ops);
	mmap_read_unlock(mm);
	return n;
}

long lock_vma_read_locked(struct mm_struct *mm)
{
	long n;

	mmap_read_lock(mm);
	n = walk_page_range(mm, &queue_pages_lock_vma_walk_ops);
	mmap_read_unlock(mm);
	return n;
}
