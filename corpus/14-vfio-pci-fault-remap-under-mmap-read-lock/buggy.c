// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #14: the vfio-pci fault handler for a mmap'd BAR populates
 * the whole vma with io_remap_pfn_range(), which rewrites vm_flags and so
 * needs mmap_lock held for write; page faults hold it only for read.
 *
 * Distilled from aac6db75a9fc "vfio/pci: Use unmap_mapping_range()" (Alex
 * Williamson, v6.10): after ba168b52bf8e "mm: use rwsem assertion macros for
 * mmap_lock" the long-standing lockdep complaint became a WARN on every
 * vfio-pci BAR fault (remap_pfn_range -> vm_flags_set ->
 * mmap_assert_write_locked), e.g. from vfio_iommu_type1's vaddr_get_pfns()
 * faulting in a peer device's BAR under mmap_read_lock().
 */
#include <linux/mm.h>

struct vfio_pci_core_device {
	struct mutex vma_lock;
	struct rw_semaphore memory_lock;
	bool memory_enabled;
};

int __vfio_pci_add_vma(struct vfio_pci_core_device *vdev, struct vm_area_struct *vma);
bool __vfio_pci_vma_mapped(struct vfio_pci_core_device *vdev, struct vm_area_struct *vma);

static vm_fault_t vfio_pci_mmap_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct vfio_pci_core_device *vdev = vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_NOPAGE;

	mutex_lock(&vdev->vma_lock);
	down_read(&vdev->memory_lock);

	if (!vdev->memory_enabled) {
		ret = VM_FAULT_SIGBUS;
		goto up_out;
	}

	/* The whole vma is populated on the first fault; skip if already done. */
	if (__vfio_pci_vma_mapped(vdev, vma))
		goto up_out;

	if (io_remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot)) {
		ret = VM_FAULT_SIGBUS;
		zap_vma_ptes(vma, vma->vm_start, vma->vm_end - vma->vm_start);
		goto up_out;
	}

	if (__vfio_pci_add_vma(vdev, vma)) {
		ret = VM_FAULT_OOM;
		zap_vma_ptes(vma, vma->vm_start, vma->vm_end - vma->vm_start);
	}

up_out:
	up_read(&vdev->memory_lock);
	mutex_unlock(&vdev->vma_lock);
	return ret;
}

/* Stands for handle_mm_fault() -> do_fault() -> __do_fault() -> vma->vm_ops->fault(). */
static vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address)
{
	struct vm_fault vmf = { .vma = vma, .address = address };

	return vfio_pci_mmap_fault(&vmf);
}

/* vfio_iommu_type1: fault in a VM_PFNMAP page (fixup_user_fault()) to pin it. */
int vaddr_get_pfns(struct mm_struct *mm, unsigned long vaddr)
{
	struct vm_area_struct *vma;
	int ret = -EFAULT;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, vaddr);
	if (vma && (vma->vm_flags & VM_PFNMAP)) {
		if (!(handle_mm_fault(vma, vaddr) & VM_FAULT_ERROR)) // expected-warning {{'handle_mm_fault' requires 'struct mm_struct::mmap_lock' held for write, but it is held for read here}}
			ret = 0;
	}
	mmap_read_unlock(mm);
	return ret;
}
