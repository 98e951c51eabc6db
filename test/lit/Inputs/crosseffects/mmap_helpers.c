/* Functions that change mmap_lock for their callers, defined in one file
 * and called from another (as mm/mmap.c's expand_stack() and mm/vma.c's
 * do_vmi_munmap() are from mm/memory.c and mm/mmap.c). */
#include <linux/mm.h>

int down_write_killable(struct rw_semaphore *sem);
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
int can_grow(struct vm_area_struct *vma, unsigned long addr);
int range_ok(unsigned long start);

/* Entered with the read lock; returns the VMA with the write lock held, or
 * NULL with no lock. */
struct vm_area_struct *grow_stack(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_unlock(mm);
	if (down_write_killable(&mm->mmap_lock))
		return NULL;
	vma = find_vma(mm, addr);
	if (vma && can_grow(vma, addr))
		return vma;
	mmap_write_unlock(mm);
	return NULL;
}

/* Returns 0 with mmap_lock dropped if asked to, an error with it held. */
int unmap_range(struct mm_struct *mm, unsigned long start, bool unlock)
{
	if (!range_ok(start))
		return -22;
	if (unlock)
		mmap_write_unlock(mm);
	return 0;
}

void drop_mm(struct mm_struct *mm)
{
	mmap_read_unlock(mm);
}
