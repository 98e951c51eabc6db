#include "mm.h"

int dup_mm(struct mm *mm, struct mm *oldmm)
{
	if (mm_lock_killable(oldmm))
		return -4;
	mm_lock_nested(mm, 1);
	mm->users = oldmm->users;
	mm_unlock(mm);
	mm_unlock(oldmm);
	return 0;
}

void once_too_often(struct mm *mm)
{
	mm_lock_nested(mm, 0);
	mm_unlock(mm);
	mm_unlock(mm);
}
