// RUN: %verify %s
// RUN: %verify -DCONFIG_LOCKDEP %s
// Two instances of one lock class, taken and dropped through wrappers: a
// wrapper that locks or unlocks what its parameter points to acts on the
// argument's instance (Summary::LockObjects), as a lock or unlock written
// in the caller would, and each instance is held until its own unlock
// (LockNesting::HeldBy), so a leak of one of them is still reported.
// 6.12's kernel/fork.c dup_mmap() write-locks `oldmm`
// (mmap_write_lock_killable()) and `mm` (mmap_write_lock_nested()), and
// mmap_write_unlock(mm) dropped the class as a whole: the
// mmap_write_unlock(oldmm) after it, which asserts the lock, was "not
// held" (C12 in kernel/TRIAGE-subset-6.12.md). mm_struct keeps its fields
// in an unnamed struct, as the kernel's does.
#include <linux/lockdep.h>
#include <linux/mutex.h>

struct mm { struct { struct rw_semaphore lock; int users; }; };
extern int down_write_killable(struct rw_semaphore *sem);
extern int opaque(void);

static inline int mm_lock_killable(struct mm *mm)
{
	int ret = down_write_killable(&mm->lock);
	return ret;
}
static inline void mm_lock_nested(struct mm *mm, int subclass)
{
	down_write_nested(&mm->lock, subclass);
}
static inline void mm_lock(struct mm *mm) { down_write(&mm->lock); }
static inline void mm_unlock(struct mm *mm)
{
	lockdep_assert_held_write(&mm->lock);
	up_write(&mm->lock);
}

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

/* Through a wrapper of the try-lock wrapper: its callers still learn the
   object. */
static int mm_lock_counted(struct mm *mm)
{
	if (mm_lock_killable(mm))
		return -4;
	mm->users++;
	return 0;
}

int two_counted(struct mm *a, struct mm *b)
{
	if (mm_lock_counted(a))
		return -4;
	if (mm_lock_counted(b)) {
		mm_unlock(a);
		return -4;
	}
	mm_unlock(b);
	mm_unlock(a);
	return 0;
}

/* The two taken in the caller itself, dropped through the wrapper. */
void two_direct(struct mm *a, struct mm *b)
{
	down_write(&a->lock);
	down_write(&b->lock);
	mm_unlock(b);
	mm_unlock(a);
}

/* Each instance is held until its own unlock, in any order. */
void not_nested(struct mm *a, struct mm *b)
{
	mm_lock(a);
	mm_lock(b);
	mm_unlock(a);
	mm_unlock(b);
}

/* So a path that leaks one of them still returns with the class held. */
int leaks_first_on_failed_try(struct mm *a, struct mm *b)
{
	mm_lock(a);
	if (mm_lock_killable(b))
		return -4; // expected-warning {{returns with 'struct mm::lock' held on this path but not on others}}
	mm_unlock(b);
	mm_unlock(a);
	return 0;
}

int drops_first_on_failed_try(struct mm *a, struct mm *b)
{
	mm_lock(a);
	if (mm_lock_killable(b)) {
		mm_unlock(a);
		return -4;
	}
	mm_unlock(a);
	mm_unlock(b);
	return 0;
}

/* A helper that takes and drops another instance leaves the caller's
   hold as it was: the leak below is the caller's, the unlock is fine. */
static void bump(struct mm *mm)
{
	mm_lock(mm);
	mm->users++;
	mm_unlock(mm);
}

void leaks_around_helper(struct mm *a, struct mm *b)
{
	down_write(&a->lock);
	bump(b);
	if (opaque())
		return; // expected-warning {{returns with 'struct mm::lock' held on this path but not on others}}
	up_write(&a->lock);
}

/* One instance is still judged: the wrapper's unlock of the one the
   caller took, then its assertion again. */
void once_too_often(struct mm *mm)
{
	mm_lock(mm);
	mm_unlock(mm);
	mm_unlock(mm); // expected-warning {{requires 'struct mm::lock' held for write, but it is not held here}}
}

/* A direct lock and a wrapper's unlock of one object name one instance:
   the path that skips the unlock still returns with it held. */
void leaks(struct mm *mm)
{
	down_write(&mm->lock);
	if (opaque())
		return; // expected-warning {{returns with 'struct mm::lock' held on this path but not on others}}
	mm_unlock(mm);
}

/* A wrapper that locks or unlocks only under a flag this call fixes does
   neither here: the holds stay as they were. */
static void lock_if(struct mm *mm, int need)
{
	if (need)
		down_write(&mm->lock);
}
static void unlock_if(struct mm *mm, int need)
{
	if (need)
		up_write(&mm->lock);
}

void flagged_off(struct mm *a, struct mm *b)
{
	mm_lock(a);
	mm_lock(b);
	unlock_if(a, 0);
	lock_if(b, 0);
	mm_unlock(b);
	mm_unlock(a);
}
