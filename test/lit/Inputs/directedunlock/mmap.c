#include "munmap.h"

/* brk(): unmap_range(..., true) drops the lock on success. */
int shrink(struct mm *mm)
{
	down_write(&mm->lock);
	if (cond())
		goto success;
	if (unmap_range(mm, true))
		goto out;
	goto success_unlocked;
success:
	up_write(&mm->lock);
success_unlocked:
	return 0;
out:
	up_write(&mm->lock);
	return -1;
}

int shrink_forgets(struct mm *mm)
{
	down_write(&mm->lock);
	if (cond())
		goto success;
	if (unmap_range(mm, false))
		goto out;
	goto success_unlocked;
success:
	up_write(&mm->lock);
success_unlocked:
	return 0;
out:
	up_write(&mm->lock);
	return -1;
}

/* The descriptor filled here, the field tested in vma.c. */
int region(struct mm *mm)
{
	struct unmap_op op;

	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	init_unmap(&op, mm, true);
	complete_unmap(&op);
	return 0;
}

int region_forgets(struct mm *mm)
{
	struct unmap_op op;

	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	init_unmap(&op, mm, false);
	complete_unmap(&op);
	return 0;
}
