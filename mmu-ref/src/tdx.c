// SPDX-License-Identifier: MIT
/*
 * kvm_x86_ops for mirror roots backed by the TDX-module-like S-EPT
 * (tdx_module.c).  Making an entry present is a single SEAMCALL-like step;
 * taking one away needs BLOCK, TRACK (in a real TD: plus kicking the vCPUs
 * so that no TLB still holds the translation) and then REMOVE/DEMOTE, which
 * is why those paths require mmu_lock held for write.
 */
#include "mmu.h"
#include "tdx_module.h"
#include <linux/gfp.h>

#include <stdio.h>

static int tdx_err(const char *op, gfn_t gfn, int level, enum tdx_status s)
{
	if (s == TDX_SUCCESS)
		return 0;
	fprintf(stderr, "mmu-ref tdx: %s gfn 0x%llx level %d: %s\n", op,
		(unsigned long long)gfn, level, tdx_status_name(s));
	return -EIO;
}

static int tdx_sept_link_private_spt(struct kvm *kvm, gfn_t gfn, int level,
				     void *external_spt)
{
	lockdep_assert_held(&kvm->mmu_lock);
	return tdx_err("SEPT.ADD", gfn, level,
		       tdh_mem_sept_add(kvm->arch.td, gfn << PAGE_SHIFT, level,
					external_spt));
}

static int tdx_sept_set_private_spte(struct kvm *kvm, gfn_t gfn, int level,
				     kvm_pfn_t pfn)
{
	lockdep_assert_held(&kvm->mmu_lock);
	return tdx_err("PAGE.AUG", gfn, level,
		       tdh_mem_page_aug(kvm->arch.td, gfn << PAGE_SHIFT, level,
					pfn << PAGE_SHIFT));
}

/* BLOCK + TRACK: afterwards the entry may be removed or demoted. */
static int tdx_sept_block_and_track(struct kvm *kvm, gfn_t gfn, int level)
{
	int ret;

	lockdep_assert_held_write(&kvm->mmu_lock);
	ret = tdx_err("RANGE.BLOCK", gfn, level,
		      tdh_mem_range_block(kvm->arch.td, gfn << PAGE_SHIFT,
					  level));
	if (ret)
		return ret;
	tdh_mem_track(kvm->arch.td);
	return 0;
}

static int tdx_sept_remove_private_spte(struct kvm *kvm, gfn_t gfn, int level,
					kvm_pfn_t pfn)
{
	hpa_t hpa = 0;
	int ret;

	ret = tdx_sept_block_and_track(kvm, gfn, level);
	if (ret)
		return ret;
	ret = tdx_err("PAGE.REMOVE", gfn, level,
		      tdh_mem_page_remove(kvm->arch.td, gfn << PAGE_SHIFT,
					  level, &hpa));
	if (!ret && WARN_ON(hpa != pfn << PAGE_SHIFT))
		ret = -EIO;
	return ret;
}

static int tdx_sept_free_private_spt(struct kvm *kvm, gfn_t gfn, int level,
				     void *external_spt)
{
	void *table = NULL;
	int ret;

	ret = tdx_sept_block_and_track(kvm, gfn, level);
	if (ret)
		return ret;
	ret = tdx_err("SEPT.REMOVE", gfn, level,
		      tdh_mem_sept_remove(kvm->arch.td, gfn << PAGE_SHIFT,
					  level, &table));
	if (!ret && WARN_ON(table != external_spt))
		ret = -EIO;
	return ret;
}

static int tdx_sept_split_private_spt(struct kvm *kvm, gfn_t gfn, int level,
				      void *external_spt)
{
	int ret;

	ret = tdx_sept_block_and_track(kvm, gfn, level);
	if (ret)
		return ret;
	return tdx_err("PAGE.DEMOTE", gfn, level,
		       tdh_mem_page_demote(kvm->arch.td, gfn << PAGE_SHIFT,
					   level, external_spt));
}

const struct kvm_x86_ops tdx_x86_ops = {
	.link_external_spt = tdx_sept_link_private_spt,
	.set_external_spte = tdx_sept_set_private_spte,
	.remove_external_spte = tdx_sept_remove_private_spte,
	.free_external_spt = tdx_sept_free_private_spt,
	.split_external_spt = tdx_sept_split_private_spt,
};
