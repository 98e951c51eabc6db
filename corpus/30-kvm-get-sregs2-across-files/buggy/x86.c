// SPDX-License-Identifier: MIT
// RUN: %verify %s
// expected-no-diagnostics
/*
 * rcuctx corpus #30, file 2 of 3 (arch/x86/kvm/x86.c's part):
 * KVM_GET_SREGS2 reports the PAE PDPTRs; on a register-cache miss the
 * vendor module reloads them, and load_pdptrs() reads guest memory through
 * kvm_vcpu_read_guest_page(), defined in kvm_main.c.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <kvm/guest_access.h>

#define KVM_GET_SREGS2	0x8140aecc

struct kvm_sregs2 { u64 cr0, cr3, cr4, efer; u64 flags; u64 pdptrs[4]; };

u64 vcpu_cr3(struct kvm_vcpu *vcpu);
bool vcpu_is_pae_paging(struct kvm_vcpu *vcpu);
bool vcpu_pdptrs_cached(struct kvm_vcpu *vcpu);
u64 vcpu_cached_pdptr(struct kvm_vcpu *vcpu, int index);
void vcpu_load(struct kvm_vcpu *vcpu);
void vcpu_put(struct kvm_vcpu *vcpu);
int kvm_vcpu_read_guest_page(struct kvm_vcpu *vcpu, gfn_t gfn, void *data, int offset, int len);
/* Stands in for static_call(kvm_x86_cache_reg)(): SVM's, in svm.c. */
void svm_cache_reg(struct kvm_vcpu *vcpu);
int load_pdptrs(struct kvm_vcpu *vcpu, u64 cr3);
long kvm_arch_vcpu_ioctl(struct kvm_vcpu *vcpu, unsigned int ioctl, unsigned long arg);

int load_pdptrs(struct kvm_vcpu *vcpu, u64 cr3)
{
	u64 pdpte[4];

	return kvm_vcpu_read_guest_page(vcpu, cr3 >> 12, pdpte, cr3 & 0xfe0, sizeof(pdpte));
}

static u64 kvm_pdptr_read(struct kvm_vcpu *vcpu, int index)
{
	if (!vcpu_pdptrs_cached(vcpu))
		svm_cache_reg(vcpu);
	return vcpu_cached_pdptr(vcpu, index);
}

static void __get_sregs2(struct kvm_vcpu *vcpu, struct kvm_sregs2 *sregs2)
{
	sregs2->cr3 = vcpu_cr3(vcpu);
	if (vcpu_is_pae_paging(vcpu)) {
		for (int i = 0; i < 4; i++)
			sregs2->pdptrs[i] = kvm_pdptr_read(vcpu, i);
		sregs2->flags |= 1;
	}
}

long kvm_arch_vcpu_ioctl(struct kvm_vcpu *vcpu, unsigned int ioctl, unsigned long arg)
{
	struct kvm_sregs2 *sregs2;
	long r = -EINVAL;

	vcpu_load(vcpu);
	if (ioctl == KVM_GET_SREGS2) {
		sregs2 = kzalloc(sizeof(*sregs2), GFP_KERNEL_ACCOUNT);
		r = -ENOMEM;
		if (!sregs2)
			goto out;
		__get_sregs2(vcpu, sregs2);
		r = 0;
		if (copy_to_user((void __user *)arg, sregs2, sizeof(*sregs2)))
			r = -EFAULT;
		kfree(sregs2);
	}
out:
	vcpu_put(vcpu);
	return r;
}
