#include "pagewalk.h"

static inline void process_mm_walk_lock(struct mm_struct *mm, enum page_walk_lock walk_lock)
{
	if (walk_lock == PGWALK_RDLOCK)
		mmap_assert_locked(mm);
	else
		mmap_assert_write_locked(mm);
}

int walk_page_range(struct mm_struct *mm, const struct mm_walk_ops *ops)
{
	process_mm_walk_lock(mm, ops->walk_lock);
	return 0;
}
