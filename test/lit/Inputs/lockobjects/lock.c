#include "mm.h"

extern int down_write_killable(struct rw_semaphore *sem);

int mm_lock_killable(struct mm *mm)
{
	int ret = down_write_killable(&mm->lock);
	return ret;
}

void mm_lock_nested(struct mm *mm, int subclass)
{
	down_write_nested(&mm->lock, subclass);
}

void mm_unlock(struct mm *mm)
{
	lockdep_assert_held_write(&mm->lock);
	up_write(&mm->lock);
}
