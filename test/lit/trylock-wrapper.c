// RUN: %verify %s
// A function that returns a try-lock's result (mm's mmap_write_lock_killable()
// returns down_write_killable()'s) is a try-lock for its callers: the lock is
// held on the success edge only. Found by the whole-kernel run (mm/mmap.c's
// expand_stack()).
#include <linux/mutex.h>
#include <linux/lockdep.h>

int down_write_killable(struct rw_semaphore *sem);

struct mm { struct rw_semaphore mmap_lock; int x; };

static inline int mm_write_lock_killable(struct mm *mm)
{
	int ret;

	ret = down_write_killable(&mm->mmap_lock);
	return ret;
}

static inline int mm_write_lock_killable_direct(struct mm *mm)
{
	return down_write_killable(&mm->mmap_lock);
}

static void expand(struct mm *mm)
{
	lockdep_assert_held_write(&mm->mmap_lock);
	mm->x = 1;
}

int expand_stack(struct mm *mm)
{
	up_read(&mm->mmap_lock);
	if (mm_write_lock_killable(mm))
		return -1;
	expand(mm);
	up_write(&mm->mmap_lock);
	return 0;
}

int expand_stack_direct(struct mm *mm)
{
	if (mm_write_lock_killable_direct(mm) != 0)
		return -1;
	expand(mm);
	up_write(&mm->mmap_lock);
	return 0;
}

int expand_on_failure(struct mm *mm)
{
	up_read(&mm->mmap_lock);
	if (mm_write_lock_killable(mm)) {
		expand(mm); // expected-warning {{'expand' requires 'struct mm::mmap_lock' held for write, but it is not held here}}
		return -1;
	}
	up_write(&mm->mmap_lock);
	return 0;
}
