/* SPDX-License-Identifier: MIT */
/*
 * rcuctx corpus: the guest-memory accessors of virt/kvm/kvm_main.c and the
 * vCPU SRCU helpers of kvm_host.h (corpus addition, cases 18-23).
 *
 * In Linux the accessors live in another translation unit; here they are
 * static inlines, written for the corpus, so that a single-file analysis sees
 * what every one of them does first: look the guest frame up in the memslots,
 * which are read with srcu_dereference_check() on kvm->srcu (__kvm_memslots()
 * in <linux/kvm_host.h>). The copy itself goes through the slot's userspace
 * mapping and may fault, i.e. sleep, which SRCU allows.
 */
#ifndef _MINI_KVM_GUEST_ACCESS_H
#define _MINI_KVM_GUEST_ACCESS_H

#include <linux/kvm_host.h>
#include <linux/uaccess.h>

typedef u64 gpa_t;

#define GUEST_PAGE_SHIFT	12
#define GUEST_PAGE_SIZE		(1UL << GUEST_PAGE_SHIFT)
#define gpa_to_gfn(gpa)		((gfn_t)((gpa) >> GUEST_PAGE_SHIFT))
#define offset_in_guest_page(gpa) ((unsigned long)((gpa) & (GUEST_PAGE_SIZE - 1)))

struct kvm_memory_slot;

/* Search of the slot array handed in; no RCU access of its own. */
struct kvm_memory_slot *__gfn_to_memslot(struct kvm_memslots *slots, gfn_t gfn);
/* Userspace address of @gfn inside @slot (0 when the slot is gone). */
unsigned long __gfn_to_hva_memslot(const struct kvm_memory_slot *slot, gfn_t gfn);

static inline struct kvm_memslots *kvm_vcpu_memslots(struct kvm_vcpu *vcpu)
{
	return __kvm_memslots(vcpu->kvm, 0);
}

static inline struct kvm_memory_slot *gfn_to_memslot(struct kvm *kvm, gfn_t gfn)
{
	return __gfn_to_memslot(kvm_memslots(kvm), gfn);
}

static inline struct kvm_memory_slot *kvm_vcpu_gfn_to_memslot(struct kvm_vcpu *vcpu, gfn_t gfn)
{
	return __gfn_to_memslot(kvm_vcpu_memslots(vcpu), gfn);
}

static inline int __kvm_read_guest_slot(struct kvm_memory_slot *slot, gpa_t gpa,
					void *data, unsigned long len)
{
	unsigned long hva = slot ? __gfn_to_hva_memslot(slot, gpa_to_gfn(gpa)) : 0;

	if (!hva)
		return -EFAULT;
	if (copy_from_user(data, (const void __user *)(hva + offset_in_guest_page(gpa)), len))
		return -EFAULT;
	return 0;
}

static inline int __kvm_write_guest_slot(struct kvm_memory_slot *slot, gpa_t gpa,
					 const void *data, unsigned long len)
{
	unsigned long hva = slot ? __gfn_to_hva_memslot(slot, gpa_to_gfn(gpa)) : 0;

	if (!hva)
		return -EFAULT;
	if (copy_to_user((void __user *)(hva + offset_in_guest_page(gpa)), data, len))
		return -EFAULT;
	return 0;
}

/* The corpus only copies within one guest page; Linux loops over pages. */
static inline int kvm_read_guest(struct kvm *kvm, gpa_t gpa, void *data, unsigned long len)
{
	return __kvm_read_guest_slot(gfn_to_memslot(kvm, gpa_to_gfn(gpa)), gpa, data, len);
}

static inline int kvm_write_guest(struct kvm *kvm, gpa_t gpa, const void *data, unsigned long len)
{
	return __kvm_write_guest_slot(gfn_to_memslot(kvm, gpa_to_gfn(gpa)), gpa, data, len);
}

static inline int kvm_vcpu_read_guest(struct kvm_vcpu *vcpu, gpa_t gpa, void *data,
				      unsigned long len)
{
	return __kvm_read_guest_slot(kvm_vcpu_gfn_to_memslot(vcpu, gpa_to_gfn(gpa)),
				     gpa, data, len);
}

static inline int kvm_vcpu_write_guest(struct kvm_vcpu *vcpu, gpa_t gpa, const void *data,
				       unsigned long len)
{
	return __kvm_write_guest_slot(kvm_vcpu_gfn_to_memslot(vcpu, gpa_to_gfn(gpa)),
				      gpa, data, len);
}

/* As in 6.12's kvm_host.h: the vCPU keeps the index of its SRCU section. */
static inline void kvm_vcpu_srcu_read_lock(struct kvm_vcpu *vcpu)
{
	vcpu->srcu_idx = srcu_read_lock(&vcpu->kvm->srcu);
}

static inline void kvm_vcpu_srcu_read_unlock(struct kvm_vcpu *vcpu)
{
	srcu_read_unlock(&vcpu->kvm->srcu, vcpu->srcu_idx);
}

#endif
