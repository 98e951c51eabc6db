#include <linux/mm.h>

struct vm_area_struct *grow_stack(struct mm_struct *mm, unsigned long addr);
int unmap_range(struct mm_struct *mm, unsigned long start, bool unlock);
void drop_mm(struct mm_struct *mm);
void touch(struct vm_area_struct *vma);

static void use_locked(struct mm_struct *mm)
{
	mmap_assert_locked(mm);
}

/* Clean: the NULL branch returns with the lock dropped by grow_stack(). */
int access_vm(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = grow_stack(mm, addr);
	if (!vma)
		return 0;
	touch(vma);
	mmap_write_unlock(mm);
	return 1;
}

/* Clean: unmap_range() dropped the lock when it returned 0. */
void shrink_brk(struct mm_struct *mm, unsigned long start)
{
	int ret;

	mmap_write_lock(mm);
	ret = unmap_range(mm, start, true);
	if (ret)
		goto out;
	return;
out:
	mmap_write_unlock(mm);
	return;
}

/* Bug: the lock is gone on the NULL branch. */
int access_after_failure(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = grow_stack(mm, addr);
	if (!vma) {
		use_locked(mm);
		return 0;
	}
	mmap_write_unlock(mm);
	return 1;
}

/* Bug: drop_mm() released it. */
void use_after_drop(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	drop_mm(mm);
	use_locked(mm);
}
