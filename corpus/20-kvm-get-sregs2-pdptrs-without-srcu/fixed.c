// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #20, fixed: as in 95d848dc7e63 "KVM: x86: Add SRCU
 * protection for reading PDPTRs in __get_sregs2()", the PDPTR reads run
 * inside kvm->srcu.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <kvm/guest_access.h>

// expected-no-diagnostics

#define KVM_GET_SREGS2			0x8140aecc
#define KVM_SREGS2_FLAGS_PDPTRS_VALID	1

struct kvm_sregs2 { u64 cr0, cr3, cr4, efer; u64 flags; u64 pdptrs[4]; };

struct x86_vcpu {
	struct kvm_vcpu vcpu;
	struct mutex mutex;
	u64 cr0, cr3, cr4, efer;
	u64 pdptrs[4];
	bool pdptrs_available;		/* the register cache bit */
};

#define to_x86(v) container_of(v, struct x86_vcpu, vcpu)

void vcpu_load(struct kvm_vcpu *vcpu);
void vcpu_put(struct kvm_vcpu *vcpu);

static bool is_pae_paging(struct x86_vcpu *xv)
{
	return (xv->cr0 & (1ull << 31)) && (xv->cr4 & (1ull << 5)) && !(xv->efer & (1ull << 10));
}

/* Reads the four PDPTEs from the 32-byte aligned table CR3 points to. */
static int load_pdptrs(struct x86_vcpu *xv, u64 cr3)
{
	u64 pdpte[4];

	if (kvm_vcpu_read_guest(&xv->vcpu, cr3 & ~31ull, pdpte, sizeof(pdpte)))
		return 0;
	for (int i = 0; i < 4; i++)
		xv->pdptrs[i] = pdpte[i];
	xv->pdptrs_available = true;
	return 1;
}

/* Stands in for static_call(kvm_x86_cache_reg)(), here SVM's. */
static void svm_cache_reg(struct x86_vcpu *xv)
{
	load_pdptrs(xv, xv->cr3);
}

static u64 kvm_pdptr_read(struct x86_vcpu *xv, int index)
{
	if (!xv->pdptrs_available)
		svm_cache_reg(xv);
	return xv->pdptrs[index];
}

static void __get_sregs2(struct x86_vcpu *xv, struct kvm_sregs2 *sregs2)
{
	sregs2->cr0 = xv->cr0;
	sregs2->cr3 = xv->cr3;
	sregs2->cr4 = xv->cr4;
	sregs2->efer = xv->efer;
	sregs2->flags = 0;

	if (is_pae_paging(xv)) {
		/* A PDPTR cache miss reads guest memory. */
		kvm_vcpu_srcu_read_lock(&xv->vcpu);
		for (int i = 0; i < 4; i++)
			sregs2->pdptrs[i] = kvm_pdptr_read(xv, i);
		sregs2->flags |= KVM_SREGS2_FLAGS_PDPTRS_VALID;
		kvm_vcpu_srcu_read_unlock(&xv->vcpu);
	}
}

static long kvm_arch_vcpu_ioctl(struct x86_vcpu *xv, unsigned int ioctl, unsigned long arg)
{
	struct kvm_sregs2 *sregs2;
	long r = -EINVAL;

	vcpu_load(&xv->vcpu);
	if (ioctl == KVM_GET_SREGS2) {
		sregs2 = kzalloc(sizeof(*sregs2), GFP_KERNEL_ACCOUNT);
		r = -ENOMEM;
		if (!sregs2)
			goto out;
		__get_sregs2(xv, sregs2);
		r = 0;
		if (copy_to_user((void __user *)arg, sregs2, sizeof(*sregs2)))
			r = -EFAULT;
		kfree(sregs2);
	}
out:
	vcpu_put(&xv->vcpu);
	return r;
}

static long kvm_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct x86_vcpu *xv = to_x86((struct kvm_vcpu *)filp->private_data);
	long r;

	if (mutex_lock_killable(&xv->mutex))
		return -EINTR;
	r = kvm_arch_vcpu_ioctl(xv, ioctl, arg);
	mutex_unlock(&xv->mutex);
	return r;
}

const struct file_operations kvm_vcpu_fops = {
	.unlocked_ioctl = kvm_vcpu_ioctl,
};
