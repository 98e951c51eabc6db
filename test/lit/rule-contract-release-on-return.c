// RUN: %verify %s -fplugin-arg-rcuctx-rules=%S/Inputs/contract-release-on-return.yaml
// A helper in another file whose contract depends on what it returns and on
// a mode argument, stated in the rules (`on_return:`, `when_arg:`): callers
// compose it as a body they see, with a split on the call's value. 6.12's
// __access_remote_vm() (mm/memory.c) returns at once when expand_stack()
// (mm/mmap.c) returned NULL, which "has dropped the lock"; brk() (mm/mmap.c)
// goes to its unlocked exit when do_vmi_align_munmap(..., true) (mm/vma.c)
// returned 0: whole-kernel findings "returns with 'struct
// mm_struct::mmap_lock' held on this path but not on others" before. A
// caller that gets the protocol wrong is still reported.
#include <linux/mm.h>

int down_read_killable(struct rw_semaphore *sem);
int down_write_killable(struct rw_semaphore *sem);
static inline int mmap_read_lock_killable(struct mm_struct *mm) { return down_read_killable(&mm->mmap_lock); }
static inline int mmap_write_lock_killable(struct mm_struct *mm) { return down_write_killable(&mm->mmap_lock); }
struct vm_area_struct *expand_stack(struct mm_struct *mm, unsigned long addr);
int do_munmap_helper(struct mm_struct *mm, unsigned long start, int unlock);
struct vm_area_struct *lookup(struct mm_struct *mm, unsigned long addr);

int access_remote(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	if (mmap_read_lock_killable(mm))
		return 0;
	if (!lookup(mm, addr) && !expand_stack(mm, addr))
		return 0; /* dropped by expand_stack() */
	vma = lookup(mm, addr);
	if (!vma) {
		vma = expand_stack(mm, addr);
		if (!vma)
			return -1; /* dropped */
	}
	mmap_read_unlock(mm);
	return 1;
}

int shrink(struct mm_struct *mm, unsigned long start)
{
	int ret = 0;

	if (mmap_write_lock_killable(mm))
		return -4;
	if (do_munmap_helper(mm, start, /* unlock = */ 1))
		goto out;
	return 1; /* unlocked by the helper on success */
out:
	mmap_write_unlock(mm);
	return ret;
}

/* The helper told not to unlock: the caller still must. */
int shrink_keeps_lock(struct mm_struct *mm, unsigned long start)
{
	if (mmap_write_lock_killable(mm))
		return -4;
	if (do_munmap_helper(mm, start, 0))
		goto out;
	mmap_write_unlock(mm);
	return 1;
out:
	mmap_write_unlock(mm);
	return 0;
}

/* Wrong: unlocks again after a successful unlocking munmap. */
int shrink_double_unlock(struct mm_struct *mm, unsigned long start)
{
	if (mmap_write_lock_killable(mm))
		return -4;
	if (do_munmap_helper(mm, start, 1) == 0)
		up_write(&mm->mmap_lock); // expected-warning {{unlock of 'struct mm_struct::mmap_lock', which is not held here}}
	return 0;
}

/* Wrong: touches the VMA's lock after expand_stack() failed. */
int use_after_failed_expand(struct mm_struct *mm, unsigned long addr)
{
	mmap_read_lock(mm);
	if (!expand_stack(mm, addr)) {
		mmap_assert_locked(mm); // expected-warning {{'mmap_assert_locked' requires 'struct mm_struct::mmap_lock' held, but it is not held here}}
		return -14;
	}
	mmap_read_unlock(mm);
	return 0;
}

/* The contract's other steps still happen in the call: expand_stack()
 * sleeps (rules/15-mm.yaml). */
#include <linux/spinlock.h>
static spinlock_t big_lock;
int expand_under_spinlock(struct mm_struct *mm, unsigned long addr)
{
	int ok;

	mmap_read_lock(mm);
	spin_lock(&big_lock);
	ok = expand_stack(mm, addr) != 0; // expected-warning {{'expand_stack' may sleep, but spinning lock 'big_lock' is held here}}
	spin_unlock(&big_lock);
	if (ok)
		mmap_read_unlock(mm);
	return ok;
}
