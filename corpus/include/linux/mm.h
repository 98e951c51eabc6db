/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: the slice of the mm API the corpus uses
 * (corpus addition). mmap_lock is a rw_semaphore; the assertions are the
 * lockdep ones 6.3-6.9 used (mmap_assert_write_locked() is what
 * vm_flags_set() reaches through vma_start_write()), and remap_pfn_range()
 * changes vm_flags, so it needs mmap_lock held for write.
 */
#ifndef _MINI_LINUX_MM_H
#define _MINI_LINUX_MM_H

#include <linux/mutex.h>

struct mm_struct {
	struct {
		/* As in 6.12, the lock sits in an anonymous struct. */
		struct rw_semaphore mmap_lock;
	};
};

typedef struct { unsigned long pgprot; } pgprot_t;

struct vm_area_struct {
	unsigned long vm_start, vm_end;
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	unsigned long vm_flags;
	unsigned long vm_pgoff;
	void *vm_private_data;
};

#define VM_IO		0x00004000UL
#define VM_PFNMAP	0x00000400UL
#define VM_DONTEXPAND	0x00040000UL
#define VM_DONTDUMP	0x04000000UL

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

static inline void mmap_read_lock(struct mm_struct *mm) { down_read(&mm->mmap_lock); }
static inline void mmap_read_unlock(struct mm_struct *mm) { up_read(&mm->mmap_lock); }
static inline void mmap_write_lock(struct mm_struct *mm) { down_write(&mm->mmap_lock); }
static inline void mmap_write_unlock(struct mm_struct *mm) { up_write(&mm->mmap_lock); }

static inline void mmap_assert_locked(const struct mm_struct *mm)
{
	lockdep_assert_held(&mm->mmap_lock);
}
static inline void mmap_assert_write_locked(const struct mm_struct *mm)
{
	lockdep_assert_held_write(&mm->mmap_lock);
}

/* 6.12: vm_flags_set() -> vma_start_write() -> mmap_assert_write_locked(). */
static inline void vm_flags_set(struct vm_area_struct *vma, unsigned long flags)
{
	mmap_assert_write_locked(vma->vm_mm);
	vma->vm_flags |= flags;
}

struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);

/* mm/memory.c: remap_pfn_range() marks the vma VM_IO | VM_PFNMAP first. */
int remap_pfn_range_notrack(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn, unsigned long size, pgprot_t prot);
static inline int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
				  unsigned long pfn, unsigned long size, pgprot_t prot)
{
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	return remap_pfn_range_notrack(vma, addr, pfn, size, prot);
}
static inline int io_remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
				     unsigned long pfn, unsigned long size, pgprot_t prot)
{
	return remap_pfn_range(vma, addr, pfn, size, prot);
}
void zap_vma_ptes(struct vm_area_struct *vma, unsigned long address, unsigned long size);

typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_NOPAGE		0x000100
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;
	unsigned long pgoff;
};

/* Inserts one PFN from a fault handler; does not touch vm_flags. */
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);

#endif
