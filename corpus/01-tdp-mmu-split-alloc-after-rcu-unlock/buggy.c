// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #1 (the seed): a page-table allocation for huge-page
 * splitting, done outside the RCU read-side section so it may sleep, starts
 * to read an RCU-protected SPTE pointer.
 *
 * Distilled from the TDX series patch "KVM: x86/tdp_mmu: Alloc external_spt
 * page for mirror page table splitting": tdp_mmu_alloc_sp_for_split() began
 * calling is_mirror_sptep(iter->sptep), which does rcu_dereference(), but its
 * caller had just left the RCU section (and dropped mmu_lock) to allocate with
 * GFP_KERNEL_ACCOUNT.
 */
#include <kvm/tdp_iter.h>

static struct kvm_mmu_page *tdp_mmu_alloc_sp_for_split(struct tdp_iter *iter)
{
	struct kvm_mmu_page *sp;

	sp = kmem_cache_zalloc(mmu_page_header_cache, GFP_KERNEL_ACCOUNT);
	if (!sp)
		return NULL;

	sp->spt = (void *)__get_free_page(GFP_KERNEL_ACCOUNT);
	if (!sp->spt)
		goto err_spt;

	if (is_mirror_sptep(iter->sptep)) {
		sp->external_spt = (void *)__get_free_page(GFP_KERNEL_ACCOUNT);
		if (!sp->external_spt)
			goto err_external_spt;
	}
	return sp;

err_external_spt:
	free_page((unsigned long)sp->spt);
err_spt:
	kmem_cache_free(mmu_page_header_cache, sp);
	return NULL;
}

int tdp_mmu_split_huge_page(struct kvm *kvm, struct tdp_iter *iter,
			    struct kvm_mmu_page *sp, bool shared);

static int tdp_mmu_split_huge_pages_root(struct kvm *kvm,
					 struct kvm_mmu_page *root,
					 gfn_t start, gfn_t end,
					 int target_level, bool shared)
{
	struct kvm_mmu_page *sp = NULL;
	struct tdp_iter iter;
	int ret = 0;

	kvm_lockdep_assert_mmu_lock_held(kvm, shared);

	rcu_read_lock();
	for_each_tdp_pte_min_level(iter, kvm, root, target_level + 1, start, end) {
		if (!is_shadow_present_pte(iter.old_spte) || !is_large_pte(iter.old_spte))
			continue;

		if (!sp) {
			rcu_read_unlock();

			if (shared)
				read_unlock(&kvm->mmu_lock);
			else
				write_unlock(&kvm->mmu_lock);

			sp = tdp_mmu_alloc_sp_for_split(&iter); // expected-warning {{'tdp_mmu_alloc_sp_for_split' needs an RCU read-side critical section, but none is held here}}

			if (shared)
				read_lock(&kvm->mmu_lock);
			else
				write_lock(&kvm->mmu_lock);

			if (!sp)
				return -ENOMEM;

			rcu_read_lock();
			iter.yielded = true;
			continue;
		}

		if (tdp_mmu_split_huge_page(kvm, &iter, sp, shared))
			continue;

		sp = NULL;
	}
	rcu_read_unlock();

	if (sp)
		kmem_cache_free(mmu_page_header_cache, sp);

	return ret;
}

int kvm_tdp_mmu_try_split_huge_pages(struct kvm *kvm, struct kvm_mmu_page *root,
				     gfn_t start, gfn_t end, int target_level,
				     bool shared)
{
	return tdp_mmu_split_huge_pages_root(kvm, root, start, end, target_level, shared);
}
