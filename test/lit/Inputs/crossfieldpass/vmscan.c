/* 6.12's mm/vmscan.c walk_mm(), reduced: MGLRU walks page tables with a
 * function-local ops table that reads the VMAs (PGWALK_RDLOCK), under a
 * lock that is taken elsewhere inside a VMA's lock. WALK_LOCK is the mode. */
#include "pagewalk.h"

struct mutex lru_mutex;

int walk_mm(struct vm_area_struct *vma)
{
	static const struct mm_walk_ops mm_walk_ops = { .walk_lock = WALK_LOCK };
	int r;

	mutex_lock(&lru_mutex);
	r = walk_page_range(vma, &mm_walk_ops);
	mutex_unlock(&lru_mutex);
	return r;
}

void lru_under_vma(struct vm_area_struct *vma)
{
	mutex_lock(&vma->vm_lock->lock);
	mutex_lock(&lru_mutex);
	mutex_unlock(&lru_mutex);
	mutex_unlock(&vma->vm_lock->lock);
}
