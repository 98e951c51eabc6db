/* 6.12's mm/pagewalk.c, reduced: walk_page_range() hands its ops table's
 * walk_lock to process_vma_walk_lock(), whose `switch` write-locks the VMA
 * only for PGWALK_WRLOCK. */
#include "pagewalk.h"

static inline void vma_start_write(struct vm_area_struct *vma)
{
	mutex_lock(&vma->vm_lock->lock);
	mutex_unlock(&vma->vm_lock->lock);
}

static inline void process_vma_walk_lock(struct vm_area_struct *vma, enum page_walk_lock walk_lock)
{
	switch (walk_lock) {
	case PGWALK_WRLOCK:
		vma_start_write(vma);
		break;
	case PGWALK_WRLOCK_VERIFY:
		break;
	case PGWALK_RDLOCK:
		break;
	}
}

int walk_page_range(struct vm_area_struct *vma, const struct mm_walk_ops *ops)
{
	process_vma_walk_lock(vma, ops->walk_lock);
	return 0;
}
