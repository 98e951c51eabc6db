// SPDX-License-Identifier: MIT
/*
 * The TDP MMU: fault-in, zap, split, write-protect, clear-dirty and aging
 * over direct and mirror roots.
 *
 * Concurrency model (as in KVM):
 *  - Page-table pages are only freed through call_rcu(), so anything that
 *    walks them does so inside rcu_read_lock().
 *  - With mmu_lock held for read, SPTEs change only by cmpxchg; a thread
 *    that loses the race re-reads and retries.  A multi-step update (the
 *    external-table propagation of a mirror SPTE, or tearing down a table)
 *    first replaces the SPTE with FROZEN_SPTE so that nobody else touches
 *    it, and publishes the final value when done.
 *  - With mmu_lock held for write, SPTEs are written with xchg (the EPT
 *    walker may set A/D bits concurrently, so a plain store could lose
 *    them).
 *  - Mirror SPTEs only go not-present -> present under the read lock;
 *    removal and splitting of mirror SPTEs need the write lock, and
 *    children are removed from the external table before their parent.
 */
#include "tdp_mmu.h"
#include "tdp_iter.h"
#include <linux/sched.h>

#define tdp_mmu_for_each_pte(_iter, _kvm, _root, _start, _end) \
	for_each_tdp_pte(_iter, _kvm, _root, _start, _end)

static u64 kvm_tdp_mmu_write_spte(tdp_ptep_t sptep, u64 new_spte)
{
	return xchg64(rcu_dereference(sptep), new_spte);
}

static void tdp_mmu_free_sp(struct kvm_mmu_page *sp)
{
	free_page((unsigned long)sp->external_spt);
	free_page((unsigned long)sp->spt);
	kmem_cache_free(mmu_page_header_cache, sp);
}

static void tdp_mmu_free_sp_rcu_callback(struct rcu_head *head)
{
	struct kvm_mmu_page *sp = container_of(head, struct kvm_mmu_page,
					       rcu_head);

	tdp_mmu_free_sp(sp);
}

static void tdp_account_mmu_page(struct kvm *kvm, struct kvm_mmu_page *sp)
{
	spin_lock(&kvm->arch.tdp_mmu_pages_lock);
	list_add(&sp->pages_link, &kvm->arch.tdp_mmu_pages);
	spin_unlock(&kvm->arch.tdp_mmu_pages_lock);
	atomic64_inc(&kvm->stat.mmu_pages);
}

static void tdp_unaccount_mmu_page(struct kvm *kvm, struct kvm_mmu_page *sp)
{
	spin_lock(&kvm->arch.tdp_mmu_pages_lock);
	list_del(&sp->pages_link);
	spin_unlock(&kvm->arch.tdp_mmu_pages_lock);
	atomic64_dec(&kvm->stat.mmu_pages);
}

/* A new table one level below the SPTE at @iter; inside RCU. */
static void tdp_mmu_init_child_sp(struct kvm_mmu_page *child_sp,
				  struct tdp_iter *iter)
{
	struct kvm_mmu_page *parent_sp = sptep_to_sp(rcu_dereference(iter->sptep));
	union kvm_mmu_page_role role = parent_sp->role;

	role.level--;
	child_sp->role = role;
	child_sp->gfn = iter->gfn;
	set_page_private(virt_to_page(child_sp->spt), (unsigned long)child_sp);
}

static void tdp_mmu_alloc_sp_from_caches(struct kvm_vcpu *vcpu,
					 struct kvm_mmu_page **spp)
{
	struct kvm_mmu_page *sp;

	sp = kvm_mmu_memory_cache_alloc(&vcpu->mmu_page_header_cache);
	sp->spt = kvm_mmu_memory_cache_alloc(&vcpu->mmu_shadow_page_cache);
	*spp = sp;
}

static void remove_external_spte(struct kvm *kvm, gfn_t gfn, u64 old_spte,
				 int level)
{
	int ret;

	/* Tables are freed by handle_removed_pt(); only leaves here. */
	if (!is_shadow_present_pte(old_spte) || !is_last_spte(old_spte, level))
		return;
	lockdep_assert_held_write(&kvm->mmu_lock);
	atomic64_inc(&kvm->stat.external_ops);
	ret = kvm->x86_ops->remove_external_spte(kvm, gfn, level,
						 spte_to_pfn(old_spte));
	KVM_BUG_ON(ret, kvm);
}

static void handle_changed_spte(struct kvm *kvm, gfn_t gfn, u64 old_spte,
				u64 new_spte, int level, bool shared);

/*
 * @pt was unlinked from the paging structure: clear (freeze) each entry,
 * recursing into child tables, remove mirrored leaves from the external
 * table, then release the external table (now empty) and the page itself
 * after a grace period, because lockless walkers may still be reading it.
 */
static void handle_removed_pt(struct kvm *kvm, tdp_ptep_t pt, bool shared)
{
	struct kvm_mmu_page *sp = sptep_to_sp(rcu_dereference(pt));
	int level = sp->role.level;
	gfn_t base_gfn = sp->gfn;
	int i;

	tdp_unaccount_mmu_page(kvm, sp);

	for (i = 0; i < SPTE_ENT_PER_PAGE; i++) {
		tdp_ptep_t sptep = pt + i;
		gfn_t gfn = base_gfn + i * KVM_PAGES_PER_HPAGE(level);
		u64 old_spte;

		if (shared) {
			/*
			 * A thread that froze this entry before the table was
			 * unlinked owns it until it writes a final value;
			 * wait for that, then take the entry.
			 */
			for (;;) {
				old_spte = kvm_tdp_mmu_write_spte(sptep,
								  FROZEN_SPTE);
				if (!is_frozen_spte(old_spte))
					break;
				sched_yield();
			}
		} else {
			/* Nobody else can hold an SPTE frozen: no retry. */
			old_spte = kvm_tdp_mmu_read_spte(sptep);
			if (!is_shadow_present_pte(old_spte))
				continue;
			old_spte = kvm_tdp_mmu_write_spte(sptep, FROZEN_SPTE);
		}
		handle_changed_spte(kvm, gfn, old_spte, FROZEN_SPTE, level,
				    shared);
		if (is_mirror_sp(sp)) {
			KVM_BUG_ON(shared, kvm);
			remove_external_spte(kvm, gfn, old_spte, level);
		}
	}

	if (is_mirror_sp(sp)) {
		/*
		 * Mirror tables are torn down under the write lock only (atomic
		 * zaps never reach a mirror root's tables): the TDX module's
		 * BLOCK + TRACK below asserts it.
		 */
		KVM_BUG_ON(shared, kvm);
		atomic64_inc(&kvm->stat.external_ops);
		if (WARN_ON(kvm->x86_ops->free_external_spt(kvm, base_gfn,
							    level + 1,
							    sp->external_spt)))
			/* Still referenced by the module: leak, don't free. */
			sp->external_spt = NULL;
	}

	call_rcu(&sp->rcu_head, tdp_mmu_free_sp_rcu_callback);
}

/*
 * Bookkeeping after an SPTE changed from @old_spte to @new_spte: a table
 * that is no longer referenced is torn down.
 */
static void handle_changed_spte(struct kvm *kvm, gfn_t gfn, u64 old_spte,
				u64 new_spte, int level, bool shared)
{
	bool was_present = is_shadow_present_pte(old_spte);
	bool is_present = is_shadow_present_pte(new_spte);
	bool was_leaf = was_present && is_last_spte(old_spte, level);
	bool is_leaf = is_present && is_last_spte(new_spte, level);
	bool pfn_changed = spte_to_pfn(old_spte) != spte_to_pfn(new_spte);

	WARN_ON(level < PG_LEVEL_4K || level > PT64_ROOT_MAX_LEVEL);
	WARN_ON(gfn & (KVM_PAGES_PER_HPAGE(level) - 1));

	if (old_spte == new_spte)
		return;
	if (was_leaf && !is_present)
		atomic64_inc(&kvm->stat.leafs_zapped);

	if (was_present && !was_leaf &&
	    (is_leaf || !is_present || WARN_ON(pfn_changed)))
		handle_removed_pt(kvm, (tdp_ptep_t)spte_to_child_pt(old_spte, level),
				  shared);
}

static void *get_external_spt(u64 new_spte, int level)
{
	if (is_shadow_present_pte(new_spte) && !is_last_spte(new_spte, level))
		return spte_to_child_sp(new_spte)->external_spt;
	return NULL;
}

/*
 * The frozen protocol for mirror SPTEs: take ownership of the SPTE by
 * cmpxchg'ing it to FROZEN_SPTE, update the external table, then publish
 * @new_spte (or restore the old value if the external update failed).
 * Only not-present -> present is allowed here.
 */
static int __must_check set_external_spte_present(struct kvm *kvm,
						  struct tdp_iter *iter,
						  u64 new_spte)
{
	bool is_leaf = is_last_spte(new_spte, iter->level);
	u64 old_spte = iter->old_spte;
	int ret;

	lockdep_assert_held(&kvm->mmu_lock);
	if (KVM_BUG_ON(is_shadow_present_pte(old_spte) ||
		       !is_shadow_present_pte(new_spte), kvm))
		return -EIO;

	if (!try_cmpxchg64(rcu_dereference(iter->sptep), &iter->old_spte,
			   FROZEN_SPTE))
		return -EBUSY;

	atomic64_inc(&kvm->stat.external_ops);
	if (is_leaf)
		ret = kvm->x86_ops->set_external_spte(kvm, iter->gfn,
						      iter->level,
						      spte_to_pfn(new_spte));
	else
		ret = kvm->x86_ops->link_external_spt(kvm, iter->gfn,
						      iter->level,
						      get_external_spt(new_spte,
								       iter->level));
	if (ret)
		kvm_tdp_mmu_write_spte(iter->sptep, old_spte);
	else
		kvm_tdp_mmu_write_spte(iter->sptep, new_spte);
	return ret;
}

/*
 * Atomically change the SPTE at @iter under the read lock.  Returns
 * -EBUSY if it changed meanwhile (iter->old_spte then holds the new
 * value); the caller re-evaluates and retries.
 */
static int __must_check tdp_mmu_set_spte_atomic(struct kvm *kvm,
						struct tdp_iter *iter,
						u64 new_spte)
{
	u64 old_spte = iter->old_spte;
	int ret;

	lockdep_assert_held_read(&kvm->mmu_lock);

	/* Frozen SPTEs belong to another thread. */
	if (WARN_ON(is_frozen_spte(iter->old_spte)))
		return -EBUSY;

	if (is_mirror_sptep(iter->sptep) && !is_frozen_spte(new_spte)) {
		ret = set_external_spte_present(kvm, iter, new_spte);
		if (ret)
			return ret;
	} else if (!try_cmpxchg64(rcu_dereference(iter->sptep),
				  &iter->old_spte, new_spte)) {
		return -EBUSY;
	}

	handle_changed_spte(kvm, iter->gfn, old_spte, new_spte, iter->level,
			    true);
	return 0;
}

/*
 * Change an SPTE under the write lock.  Non-atomic users never make a
 * mirror SPTE present (that needs the frozen protocol): they only zap it,
 * and the external leaf is removed here.
 */
static u64 tdp_mmu_set_spte(struct kvm *kvm, tdp_ptep_t sptep, u64 old_spte,
			    u64 new_spte, gfn_t gfn, int level)
{
	lockdep_assert_held_write(&kvm->mmu_lock);

	/* No thread can own a frozen SPTE while we hold the write lock. */
	WARN_ON(is_frozen_spte(old_spte) || is_frozen_spte(new_spte));

	old_spte = kvm_tdp_mmu_write_spte(sptep, new_spte);
	handle_changed_spte(kvm, gfn, old_spte, new_spte, level, false);

	if (is_mirror_sptep(sptep)) {
		KVM_BUG_ON(is_shadow_present_pte(new_spte), kvm);
		remove_external_spte(kvm, gfn, old_spte, level);
	}
	return old_spte;
}

static void tdp_mmu_iter_set_spte(struct kvm *kvm, struct tdp_iter *iter,
				  u64 new_spte)
{
	iter->old_spte = tdp_mmu_set_spte(kvm, iter->sptep, iter->old_spte,
					  new_spte, iter->gfn, iter->level);
}

/*
 * Yield mmu_lock and RCU if somebody needs the CPU or the lock, once the
 * walk made progress since the last yield.  Returns true if it yielded; the
 * next tdp_iter_next() then restarts from the root, as the tables seen so
 * far may have been freed.
 */
static bool tdp_mmu_iter_cond_resched(struct kvm *kvm, struct tdp_iter *iter,
				      bool flush, bool shared)
{
	kvm_lockdep_assert_mmu_lock_held(kvm, shared);

	if (iter->next_last_level_gfn == iter->yielded_gfn)
		return false;

	if (need_resched() || rwlock_needbreak(&kvm->mmu_lock)) {
		if (flush)
			kvm_flush_remote_tlbs(kvm);

		rcu_read_unlock();
		if (shared)
			cond_resched_rwlock_read(&kvm->mmu_lock);
		else
			cond_resched_rwlock_write(&kvm->mmu_lock);
		rcu_read_lock();

		WARN_ON(iter->gfn > iter->next_last_level_gfn);
		iter->yielded = true;
	}
	return iter->yielded;
}

/* Link @sp below the SPTE at @iter, atomically if @shared. */
static int tdp_mmu_link_sp(struct kvm *kvm, struct tdp_iter *iter,
			   struct kvm_mmu_page *sp, bool shared)
{
	u64 spte = make_nonleaf_spte(sp->spt);
	int ret;

	if (shared) {
		ret = tdp_mmu_set_spte_atomic(kvm, iter, spte);
		if (ret)
			return ret;
	} else {
		tdp_mmu_iter_set_spte(kvm, iter, spte);
	}
	tdp_account_mmu_page(kvm, sp);
	return 0;
}

static int tdp_mmu_map_handle_target_level(struct kvm_vcpu *vcpu,
					   struct kvm_page_fault *fault,
					   struct tdp_iter *iter)
{
	struct kvm *kvm = vcpu->kvm;
	u64 new_spte;
	int ret;

	if (is_frozen_spte(iter->old_spte))
		return RET_PF_RETRY;

	/* Smaller mappings already exist below: keep them. */
	if (is_shadow_present_pte(iter->old_spte) &&
	    !is_last_spte(iter->old_spte, iter->level))
		return RET_PF_SPURIOUS;

	new_spte = make_spte(iter->level, fault->pfn, fault->access,
			     fault->write);
	if (is_shadow_present_pte(iter->old_spte)) {
		u64 ad = shadow_accessed_mask | shadow_dirty_mask;

		if ((iter->old_spte | ad) == (new_spte | ad))
			return RET_PF_SPURIOUS;
		/* Mirror leaves are only ever created, not changed. */
		if (is_mirror_sptep(iter->sptep))
			return RET_PF_SPURIOUS;
	}

	ret = tdp_mmu_set_spte_atomic(kvm, iter, new_spte);
	if (ret == -EBUSY)
		return RET_PF_RETRY;
	if (ret)
		return ret;
	atomic64_inc(&kvm->stat.pf_fixed);
	return RET_PF_FIXED;
}

/*
 * Map fault->gfn at fault->goal_level.  mmu_lock held for read; the vCPU's
 * memory caches must have been topped up beforehand (nothing is allocated
 * from the page allocator here).  A huge page already covering the GFN is
 * left alone (RET_PF_SPURIOUS).
 */
int kvm_tdp_mmu_map(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_mmu_page *root = fault->is_private ? kvm->mirror_root :
							kvm->direct_root;
	struct kvm_mmu_page *sp;
	struct tdp_iter iter;
	int ret = RET_PF_RETRY;

	kvm_lockdep_assert_mmu_lock_held(kvm, true);
	if (WARN_ON(!root || fault->goal_level < PG_LEVEL_4K ||
		    fault->goal_level > PG_LEVEL_1G))
		return -EINVAL;

	rcu_read_lock();

	tdp_mmu_for_each_pte(iter, kvm, root, fault->gfn, fault->gfn + 1) {
		int r;

		if (iter.level == fault->goal_level)
			goto map_target_level;

		/* Step down into an existing lower-level table. */
		if (is_shadow_present_pte(iter.old_spte) &&
		    !is_large_pte(iter.old_spte))
			continue;

		if (is_shadow_present_pte(iter.old_spte)) {
			ret = RET_PF_SPURIOUS;
			goto out;
		}

		/* Somebody else is updating this SPTE: retry the fault. */
		if (is_frozen_spte(iter.old_spte))
			goto out;

		tdp_mmu_alloc_sp_from_caches(vcpu, &sp);
		tdp_mmu_init_child_sp(sp, &iter);
		if (is_mirror_sp(sp))
			sp->external_spt = kvm_mmu_memory_cache_alloc(
					&vcpu->mmu_external_spt_cache);

		r = tdp_mmu_link_sp(kvm, &iter, sp, true);
		if (r) {
			/* Never visible to anyone: free it right away. */
			tdp_mmu_free_sp(sp);
			if (r != -EBUSY)
				ret = r;
			goto out;
		}
	}

	/* The walk always reaches goal_level, which is below the root. */
	WARN_ON(1);
	goto out;

map_target_level:
	ret = tdp_mmu_map_handle_target_level(vcpu, fault, &iter);
	if (ret == RET_PF_SPURIOUS)
		atomic64_inc(&kvm->stat.pf_spurious);
out:
	rcu_read_unlock();
	return ret;
}

/*
 * Zap every leaf SPTE that maps any GFN in [start, end) (a huge page that
 * overlaps the range is zapped whole).  Tables are kept.  Write lock.
 */
bool kvm_tdp_mmu_zap_leafs(struct kvm *kvm, struct kvm_mmu_page *root,
			   gfn_t start, gfn_t end, bool flush)
{
	struct tdp_iter iter;

	lockdep_assert_held_write(&kvm->mmu_lock);
	end = min(end, tdp_mmu_max_gfn_exclusive(root));

	rcu_read_lock();
	for_each_tdp_pte_min_level(iter, kvm, root, PG_LEVEL_4K, start, end) {
		if (tdp_mmu_iter_cond_resched(kvm, &iter, flush, false)) {
			flush = false;
			continue;
		}
		if (!is_shadow_present_pte(iter.old_spte) ||
		    !is_last_spte(iter.old_spte, iter.level))
			continue;
		tdp_mmu_iter_set_spte(kvm, &iter, SHADOW_NONPRESENT_VALUE);
		flush = true;
	}
	rcu_read_unlock();
	return flush;
}

static void __tdp_mmu_zap_root(struct kvm *kvm, struct kvm_mmu_page *root,
			       int zap_level)
{
	gfn_t end = tdp_mmu_max_gfn_exclusive(root);
	struct tdp_iter iter;

	for_each_tdp_pte_min_level(iter, kvm, root, zap_level, 0, end) {
		if (tdp_mmu_iter_cond_resched(kvm, &iter, false, false))
			continue;
		if (!is_shadow_present_pte(iter.old_spte) ||
		    iter.level != zap_level)
			continue;
		tdp_mmu_iter_set_spte(kvm, &iter, SHADOW_NONPRESENT_VALUE);
	}
}

/*
 * Zap everything under @root, tables included.  Zapping 1G entries first
 * keeps each non-yieldable teardown (handle_removed_pt()) bounded to a 1G
 * region before the root-level entries go.  Write lock.
 */
static void tdp_mmu_zap_root(struct kvm *kvm, struct kvm_mmu_page *root)
{
	lockdep_assert_held_write(&kvm->mmu_lock);

	rcu_read_lock();
	__tdp_mmu_zap_root(kvm, root, PG_LEVEL_1G);
	__tdp_mmu_zap_root(kvm, root, root->role.level);
	rcu_read_unlock();
}

void kvm_tdp_mmu_zap_all(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);

	if (kvm->mirror_root)
		tdp_mmu_zap_root(kvm, kvm->mirror_root);
	if (kvm->direct_root)
		tdp_mmu_zap_root(kvm, kvm->direct_root);
	kvm_flush_remote_tlbs(kvm);
}

/*
 * Allocations for a split: called with RCU and mmu_lock dropped, so it may
 * sleep.  @mirror was determined by the caller while it was still inside
 * the RCU read-side critical section (this function must not look at any
 * SPTE pointer: the page holding it may already be freed).
 */
static struct kvm_mmu_page *tdp_mmu_alloc_sp_for_split(bool mirror)
{
	struct kvm_mmu_page *sp;

	sp = kmem_cache_zalloc(mmu_page_header_cache, GFP_KERNEL_ACCOUNT);
	if (!sp)
		return NULL;

	sp->spt = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!sp->spt)
		goto err_spt;

	if (mirror) {
		sp->external_spt = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
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

/*
 * Replace the huge leaf at @iter by @sp filled with equivalent smaller
 * leaves.  The new table is fully populated before it becomes reachable.
 * For a mirror root the external huge page is demoted first (write lock).
 */
static int tdp_mmu_split_huge_page(struct kvm *kvm, struct tdp_iter *iter,
				   struct kvm_mmu_page *sp, bool shared)
{
	const u64 huge_spte = iter->old_spte;
	const int level = iter->level;
	int ret, i;

	for (i = 0; i < SPTE_ENT_PER_PAGE; i++)
		sp->spt[i] = make_huge_page_split_spte(huge_spte, level - 1, i);

	if (is_mirror_sp(sp)) {
		lockdep_assert_held_write(&kvm->mmu_lock);
		if (WARN_ON(shared))
			return -EINVAL;
		atomic64_inc(&kvm->stat.external_ops);
		ret = kvm->x86_ops->split_external_spt(kvm, iter->gfn, level,
						       sp->external_spt);
		if (ret)
			return ret;
		/*
		 * Huge leaf -> table with the same translations: nothing
		 * to tear down, so a plain exchange is enough here.
		 */
		iter->old_spte = kvm_tdp_mmu_write_spte(iter->sptep,
						make_nonleaf_spte(sp->spt));
		handle_changed_spte(kvm, iter->gfn, huge_spte,
				    make_nonleaf_spte(sp->spt), level, false);
		tdp_account_mmu_page(kvm, sp);
	} else {
		ret = tdp_mmu_link_sp(kvm, iter, sp, shared);
		if (ret)
			return ret;
	}

	atomic64_inc(&kvm->stat.pages_split);
	return 0;
}

/*
 * Split every huge leaf overlapping [start, end) down to @target_level.
 * After a split the iterator steps into the new table, so a 1G page is
 * split to 4K in one pass (only the parts overlapping the range).
 * mmu_lock is held for read if @shared, else for write; it is dropped to
 * allocate, so the caller must not rely on anything read before the call.
 */
int tdp_mmu_split_huge_pages_root(struct kvm *kvm, struct kvm_mmu_page *root,
				  gfn_t start, gfn_t end, int target_level,
				  bool shared)
{
	struct kvm_mmu_page *sp = NULL;
	struct tdp_iter iter;
	int ret = 0;

	kvm_lockdep_assert_mmu_lock_held(kvm, shared);
	/* Demoting external pages requires the write lock. */
	if (WARN_ON(is_mirror_sp(root) && shared))
		return -EINVAL;
	end = min(end, tdp_mmu_max_gfn_exclusive(root));

	rcu_read_lock();

	for_each_tdp_pte_min_level(iter, kvm, root, target_level + 1, start, end) {
retry:
		if (tdp_mmu_iter_cond_resched(kvm, &iter, false, shared))
			continue;

		if (!is_shadow_present_pte(iter.old_spte) ||
		    !is_large_pte(iter.old_spte))
			continue;

		if (!sp) {
			/*
			 * Decide mirror-or-not now: is_mirror_sptep()
			 * rcu_dereference()s iter.sptep, whose page may be
			 * freed as soon as the RCU read-side section ends.
			 */
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

			if (!sp) {
				ret = -ENOMEM;
				goto out_no_rcu;
			}

			rcu_read_lock();
			/* The tables may have changed: restart the walk. */
			iter.yielded = true;
			continue;
		}

		tdp_mmu_init_child_sp(sp, &iter);
		ret = tdp_mmu_split_huge_page(kvm, &iter, sp, shared);
		if (ret == -EBUSY) {
			ret = 0;
			goto retry;
		}
		if (ret)
			break;
		sp = NULL;
	}

	rcu_read_unlock();
out_no_rcu:
	/*
	 * An unused sp: the huge page it was for went away (zapped or split
	 * by somebody else) or the split failed.  Never linked, so no RCU.
	 */
	if (sp)
		tdp_mmu_free_sp(sp);
	return ret;
}

/*
 * Clear @bits in every present leaf in [start, end) with the read lock
 * held, using cmpxchg (hardware may be setting A/D concurrently).  Returns
 * true if any leaf had one of @bits set.
 */
static bool tdp_mmu_clear_leaf_bits(struct kvm *kvm,
				    struct kvm_mmu_page *root, gfn_t start,
				    gfn_t end, int min_level, u64 bits)
{
	struct tdp_iter iter;
	bool changed = false;

	lockdep_assert_held_read(&kvm->mmu_lock);
	if (WARN_ON(is_mirror_sp(root)))
		return false;
	end = min(end, tdp_mmu_max_gfn_exclusive(root));

	rcu_read_lock();
	for_each_tdp_pte_min_level(iter, kvm, root, min_level, start, end) {
retry:
		if (tdp_mmu_iter_cond_resched(kvm, &iter, false, true))
			continue;
		if (!is_shadow_present_pte(iter.old_spte) ||
		    !is_last_spte(iter.old_spte, iter.level) ||
		    !(iter.old_spte & bits))
			continue;
		if (tdp_mmu_set_spte_atomic(kvm, &iter, iter.old_spte & ~bits))
			goto retry;
		changed = true;
	}
	rcu_read_unlock();
	return changed;
}

/* Dirty logging: make leaves read-only.  Read lock; direct roots. */
bool kvm_tdp_mmu_wrprot_range(struct kvm *kvm, struct kvm_mmu_page *root,
			      gfn_t start, gfn_t end, int min_level)
{
	return tdp_mmu_clear_leaf_bits(kvm, root, start, end, min_level,
				       PT_WRITABLE_MASK);
}

/* Dirty logging with A/D bits: harvest and clear D.  Read lock. */
bool kvm_tdp_mmu_clear_dirty_range(struct kvm *kvm, struct kvm_mmu_page *root,
				   gfn_t start, gfn_t end)
{
	return tdp_mmu_clear_leaf_bits(kvm, root, start, end, PG_LEVEL_4K,
				       shadow_dirty_mask);
}

/* Aging: clear A, report whether anything was young.  Read lock. */
bool kvm_tdp_mmu_age_gfn_range(struct kvm *kvm, struct kvm_mmu_page *root,
			       gfn_t start, gfn_t end)
{
	return tdp_mmu_clear_leaf_bits(kvm, root, start, end, PG_LEVEL_4K,
				       shadow_accessed_mask);
}

int kvm_tdp_mmu_get_walk(struct kvm_mmu_page *root, gfn_t gfn, u64 *spte)
{
	struct tdp_iter iter;
	int leaf = -1;

	*spte = SHADOW_NONPRESENT_VALUE;
	tdp_mmu_for_each_pte(iter, NULL, root, gfn, gfn + 1) {
		leaf = iter.level;
		*spte = iter.old_spte;
	}
	return leaf;
}

struct kvm_mmu_page *tdp_mmu_alloc_root(struct kvm *kvm, bool mirror)
{
	struct kvm_mmu_page *root;
	int i;

	might_sleep();
	root = kmem_cache_zalloc(mmu_page_header_cache, GFP_KERNEL_ACCOUNT);
	if (!root)
		return NULL;
	root->spt = (u64 *)__get_free_page(GFP_KERNEL_ACCOUNT);
	if (!root->spt) {
		kmem_cache_free(mmu_page_header_cache, root);
		return NULL;
	}
	for (i = 0; i < SPTE_ENT_PER_PAGE; i++)
		root->spt[i] = SHADOW_NONPRESENT_VALUE;
	root->role.level = kvm->root_level;
	root->role.is_mirror = mirror;
	set_page_private(virt_to_page(root->spt), (unsigned long)root);
	atomic_set(&root->tdp_mmu_root_count, 1);

	spin_lock(&kvm->arch.tdp_mmu_pages_lock);
	list_add(&root->link, &kvm->arch.tdp_mmu_roots);
	spin_unlock(&kvm->arch.tdp_mmu_pages_lock);
	atomic64_inc(&kvm->stat.mmu_pages);
	return root;
}

bool kvm_tdp_mmu_get_root(struct kvm_mmu_page *root)
{
	return atomic_inc_not_zero(&root->tdp_mmu_root_count);
}

/*
 * Drop a reference; the last one frees the root after a grace period.  The
 * root must have been zapped (kvm_tdp_mmu_zap_all()) before.
 */
void kvm_tdp_mmu_put_root(struct kvm *kvm, struct kvm_mmu_page *root)
{
	int i;

	if (!atomic_dec_and_test(&root->tdp_mmu_root_count))
		return;

	for (i = 0; i < SPTE_ENT_PER_PAGE; i++)
		WARN_ON(is_shadow_present_pte(READ_ONCE(root->spt[i])));

	spin_lock(&kvm->arch.tdp_mmu_pages_lock);
	list_del(&root->link);
	spin_unlock(&kvm->arch.tdp_mmu_pages_lock);
	atomic64_dec(&kvm->stat.mmu_pages);
	call_rcu(&root->rcu_head, tdp_mmu_free_sp_rcu_callback);
}
