// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #14, fixed: as in aac6db75a9fc "vfio/pci: Use
 * unmap_mapping_range()", the fault handler inserts the single faulting PFN
 * with vmf_insert_pfn(), which does not modify vm_flags (they are set at
 * mmap() time, under the write lock), so a read-held mmap_lock suffices.
 */
#include <linux/mm.h>

// expected-no-diagnostics

struct vfio_pci_core_device {
	struct mutex vma_lock;
	struct rw_semaphore memory_lock;
	bool memory_enabled;
};

static vm_fault_t vfio_pci_mmap_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct vfio_pci_core_device *vdev = vma->vm_private_data;
	unsigned long pfn, pgoff;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	pfn = vma->vm_pgoff;
	pgoff = (vmf->address - vma->vm_start) >> PAGE_SHIFT;

	down_read(&vdev->memory_lock);
	if (vdev->memory_enabled)
		ret = vmf_insert_pfn(vma, vmf->address, pfn + pgoff);
	up_read(&vdev->memory_lock);

	return ret;
}

static vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address)
{
	struct vm_fault vmf = { .vma = vma, .address = address };

	return vfio_pci_mmap_fault(&vmf);
}

int vaddr_get_pfns(struct mm_struct *mm, unsigned long vaddr)
{
	struct vm_area_struct *vma;
	int ret = -EFAULT;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, vaddr);
	if (vma && (vma->vm_flags & VM_PFNMAP)) {
		if (!(handle_mm_fault(vma, vaddr) & VM_FAULT_ERROR))
			ret = 0;
	}
	mmap_read_unlock(mm);
	return ret;
}
