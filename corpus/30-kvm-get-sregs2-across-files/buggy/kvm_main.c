// SPDX-License-Identifier: MIT
// RUN: %verify %s
// expected-no-diagnostics
/*
 * rcuctx corpus #30, file 1 of 3 (virt/kvm/kvm_main.c's part): the vCPU
 * ioctl entry point, and the guest-memory reader that looks the frame up in
 * the memslots (kvm->srcu). Alone this file only says "callers of
 * kvm_vcpu_read_guest_page must hold kvm->srcu"; it cannot see who does not.
 */
#include <linux/fs.h>
#include <kvm/guest_access.h>

struct x86_vcpu;
long kvm_arch_vcpu_ioctl(struct kvm_vcpu *vcpu, unsigned int ioctl, unsigned long arg);
int kvm_vcpu_read_guest_page(struct kvm_vcpu *vcpu, gfn_t gfn, void *data, int offset, int len);

int kvm_vcpu_read_guest_page(struct kvm_vcpu *vcpu, gfn_t gfn, void *data, int offset, int len)
{
	struct kvm_memory_slot *slot = kvm_vcpu_gfn_to_memslot(vcpu, gfn);

	return __kvm_read_guest_slot(slot, ((gpa_t)gfn << GUEST_PAGE_SHIFT) + offset, data, len);
}

static long kvm_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct kvm_vcpu *vcpu = filp->private_data;

	return kvm_arch_vcpu_ioctl(vcpu, ioctl, arg);
}

const struct file_operations kvm_vcpu_fops = {
	.unlocked_ioctl = kvm_vcpu_ioctl,
};
