// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #3, fixed: as in 47b0c2e4c220 "KVM: x86/mmu: Fix race
 * condition in direct_page_fault", make_mmu_pages_available() is only called
 * on the shadow-MMU path, where mmu_lock is held for write. The TDP MMU does
 * not use the shadow-page reclaim.
 */
#include <linux/kvm_host.h>

// expected-no-diagnostics

#define ENOSPC 28
#define KVM_MIN_FREE_MMU_PAGES 5
#define KVM_REFILL_PAGES 25
#define RET_PF_RETRY 0

struct kvm_page_fault { gfn_t gfn; bool write; };

int kvm_tdp_mmu_map(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault);
int __direct_map(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault);
bool is_page_fault_stale(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault);
void kvm_mmu_prepare_zap_oldest_page(struct kvm *kvm);

/*
 * The real function zaps from kvm->arch.active_mmu_pages and commits the
 * zap; the write-lock requirement is its contract (the fix's changelog),
 * stated here as an assertion.
 */
static unsigned long kvm_mmu_zap_oldest_mmu_pages(struct kvm *kvm,
						  unsigned long nr_to_zap)
{
	unsigned long zapped = 0;

	lockdep_assert_held_write(&kvm->mmu_lock);

	while (zapped < nr_to_zap && kvm->nr_mmu_pages) {
		kvm_mmu_prepare_zap_oldest_page(kvm);
		kvm->nr_mmu_pages--;
		zapped++;
	}
	return zapped;
}

static int make_mmu_pages_available(struct kvm_vcpu *vcpu)
{
	unsigned long avail = vcpu->kvm->nr_mmu_pages;

	if (likely(avail >= KVM_MIN_FREE_MMU_PAGES))
		return 0;

	kvm_mmu_zap_oldest_mmu_pages(vcpu->kvm, KVM_REFILL_PAGES - avail);

	if (!vcpu->kvm->nr_mmu_pages)
		return -ENOSPC;
	return 0;
}

/* Real code: bool is_tdp_mmu_fault = is_tdp_mmu(vcpu->arch.mmu); */
static int direct_page_fault(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault,
			     bool is_tdp_mmu_fault)
{
	int r = RET_PF_RETRY;

	if (is_tdp_mmu_fault)
		read_lock(&vcpu->kvm->mmu_lock);
	else
		write_lock(&vcpu->kvm->mmu_lock);

	if (is_page_fault_stale(vcpu, fault))
		goto out_unlock;

	if (is_tdp_mmu_fault) {
		r = kvm_tdp_mmu_map(vcpu, fault);
	} else {
		r = make_mmu_pages_available(vcpu);
		if (r)
			goto out_unlock;
		r = __direct_map(vcpu, fault);
	}

out_unlock:
	if (is_tdp_mmu_fault)
		read_unlock(&vcpu->kvm->mmu_lock);
	else
		write_unlock(&vcpu->kvm->mmu_lock);
	return r;
}

int kvm_tdp_page_fault(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault)
{
	return direct_page_fault(vcpu, fault, true);
}

int nonpaging_page_fault(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault)
{
	return direct_page_fault(vcpu, fault, false);
}
