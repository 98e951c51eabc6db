// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #1 (the seed), fixed: the mirror check is done by the caller
 * while it is still inside the RCU read-side section, and the allocation
 * outside it only takes the answer.
 */
#include <kvm/tdp_iter.h>

// expected-no-diagnostics

static struct kvm_mmu_page *tdp_mmu_alloc_sp_for_split(bool mirror)
{
	struct kvm_mmu_page *sp;

	sp = kmem_cache_zalloc(mmu_page_header_cache, GFP_KERNEL_ACCOUNT);
	if (!sp)
		return NULL;

	sp->spt = (void *)__get_free_page(GFP_KERNEL_ACCOUNT);
	if (!sp->spt)
		goto err_spt;

	if (mirror) {
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
			bool mirror = is_mirror_sptep(iter.sptep);

			rcu_read_unlock();

			if (shared)
				read_unlock(&kvm->mmu_lock);
			else
				write_unlock(&kvm->mmu_lock);

			sp = tdp_mmu_alloc_sp_for_split(mirror);

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
