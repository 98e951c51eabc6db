// SPDX-License-Identifier: MIT
// Helpers shared by the mmu-ref tests.
#ifndef MMUREF_TEST_UTIL_H
#define MMUREF_TEST_UTIL_H

#include <gtest/gtest.h>

#include "mmu.h"
#include "tdp_mmu.h"
#include "ept.h"
#include "tdx_module.h"
#include <linux/sched.h>
#include <mmuref/alloc.h>

namespace mmuref_test {

// Every mapping of GFN g uses PFN kPfnBase + g; kPfnBase is 1G-aligned, so
// huge pages get aligned PFNs and any successful translation of g must
// yield exactly kPfnBase + g whatever the page size.
constexpr kvm_pfn_t kPfnBase = 1ULL << 20;

inline kvm_pfn_t pfn_of(gfn_t gfn) { return kPfnBase + gfn; }
inline gfn_t pages_per(int level) { return KVM_PAGES_PER_HPAGE(level); }

struct Vm {
	struct kvm *kvm = nullptr;
	struct kvm_vcpu vcpu;

	explicit Vm(int levels = 4, bool tdx = true)
	{
		kvm = kvm_create_vm(levels, tdx);
		if (kvm)
			kvm_vcpu_init(&vcpu, kvm);
	}
	~Vm()
	{
		if (kvm) {
			kvm_mmu_free_memory_caches(&vcpu);
			kvm_destroy_vm(kvm);
		}
	}
	Vm(const Vm &) = delete;
	Vm &operator=(const Vm &) = delete;

	struct kvm_mmu_page *root(bool priv) const
	{
		return priv ? kvm->mirror_root : kvm->direct_root;
	}

	// Fault in gfn at level (the aligned block); retries as a vCPU would.
	int map(gfn_t gfn, int level, bool priv, unsigned int access = ACC_ALL,
		bool write = false)
	{
		struct kvm_page_fault fault = {};
		int r;

		fault.gfn = gfn;
		fault.pfn = pfn_of(gfn_round_for_level(gfn, level));
		fault.goal_level = level;
		fault.access = access;
		fault.write = write;
		fault.is_private = priv;
		do {
			r = kvm_mmu_topup_memory_caches(&vcpu);
			if (r)
				return r;
			read_lock(&kvm->mmu_lock);
			r = kvm_tdp_mmu_map(&vcpu, &fault);
			read_unlock(&kvm->mmu_lock);
		} while (r == RET_PF_RETRY);
		return r;
	}

	bool zap(gfn_t start, gfn_t end, bool priv)
	{
		write_lock(&kvm->mmu_lock);
		bool r = kvm_tdp_mmu_zap_leafs(kvm, root(priv), start, end,
					       false);
		write_unlock(&kvm->mmu_lock);
		return r;
	}

	int split(gfn_t start, gfn_t end, int target, bool priv, bool shared)
	{
		int r;

		if (shared)
			read_lock(&kvm->mmu_lock);
		else
			write_lock(&kvm->mmu_lock);
		r = tdp_mmu_split_huge_pages_root(kvm, root(priv), start, end,
						  target, shared);
		if (shared)
			read_unlock(&kvm->mmu_lock);
		else
			write_unlock(&kvm->mmu_lock);
		return r;
	}

	bool wrprot(gfn_t start, gfn_t end)
	{
		read_lock(&kvm->mmu_lock);
		bool r = kvm_tdp_mmu_wrprot_range(kvm, kvm->direct_root, start,
						  end, PG_LEVEL_4K);
		read_unlock(&kvm->mmu_lock);
		return r;
	}

	bool age(gfn_t start, gfn_t end)
	{
		read_lock(&kvm->mmu_lock);
		bool r = kvm_tdp_mmu_age_gfn_range(kvm, kvm->direct_root,
						   start, end);
		read_unlock(&kvm->mmu_lock);
		return r;
	}

	bool clear_dirty(gfn_t start, gfn_t end)
	{
		read_lock(&kvm->mmu_lock);
		bool r = kvm_tdp_mmu_clear_dirty_range(kvm, kvm->direct_root,
						       start, end);
		read_unlock(&kvm->mmu_lock);
		return r;
	}

	// Software walk: returns the leaf level, 0 if not mapped.
	int lookup(gfn_t gfn, bool priv, u64 *spte_out = nullptr) const
	{
		u64 spte;
		int level;

		rcu_read_lock();
		level = kvm_tdp_mmu_get_walk(root(priv), gfn, &spte);
		rcu_read_unlock();
		if (spte_out)
			*spte_out = spte;
		if (!is_shadow_present_pte(spte) || !is_last_spte(spte, level))
			return 0;
		return level;
	}

	u64 eptp(bool priv) const
	{
		if (priv)
			return tdx_td_eptp(kvm->arch.td);
		return ept_make_eptp(__pa(kvm->direct_root->spt),
				     kvm->root_level, true);
	}

	enum ept_status walk(gfn_t gfn, bool priv, unsigned int access,
			     struct ept_walk *w) const
	{
		enum ept_status s;

		rcu_read_lock();
		s = ept_translate(eptp(priv), gfn << PAGE_SHIFT, access, w);
		rcu_read_unlock();
		return s;
	}
};

// Leak check across a test: objects and pages must return to baseline.
struct LeakCheck {
	long objs = mmuref_alloc_live_objects();
	long pages = mmuref_alloc_live_pages();
	void expect_clean() const
	{
		rcu_barrier();
		EXPECT_EQ(mmuref_alloc_live_objects(), objs);
		EXPECT_EQ(mmuref_alloc_live_pages(), pages);
	}
};

} // namespace mmuref_test

#endif

#include <vector>

namespace mmuref_test {

struct Leaf {
	gfn_t gfn;
	int level;
	u64 spte;
};

inline void collect_leaves_pt(u64 *pt, int level, gfn_t base,
			      std::vector<Leaf> *out, long *tables)
{
	for (int i = 0; i < SPTE_ENT_PER_PAGE; i++) {
		u64 spte = __atomic_load_n(&pt[i], __ATOMIC_RELAXED);
		gfn_t gfn = base + (gfn_t)i * KVM_PAGES_PER_HPAGE(level);

		if (!is_shadow_present_pte(spte))
			continue;
		if (is_last_spte(spte, level)) {
			out->push_back({gfn, level, spte});
			continue;
		}
		if (tables)
			(*tables)++;
		collect_leaves_pt(spte_to_child_pt(spte, level), level - 1, gfn,
				  out, tables);
	}
}

// All present leaves under a root, in GFN order.  Inside RCU.
inline std::vector<Leaf> collect_leaves(struct kvm_mmu_page *root,
					long *tables = nullptr)
{
	std::vector<Leaf> out;

	if (tables)
		*tables = 0;
	rcu_read_lock();
	collect_leaves_pt(root->spt, root->role.level, 0, &out, tables);
	rcu_read_unlock();
	return out;
}

// Every leaf of the root translates identically through the EPT walker
// (for the mirror: through the TDX module's tables), at its first and
// last GFN, and the module holds exactly as many leaves and tables.
// Returns the number of mismatches (details via ADD_FAILURE).
inline int check_tables_agree(Vm &vm, bool priv)
{
	long tables;
	std::vector<Leaf> leaves = collect_leaves(vm.root(priv), &tables);
	int bad = 0;

	for (const Leaf &l : leaves) {
		if (spte_to_pfn(l.spte) != pfn_of(l.gfn)) {
			ADD_FAILURE() << "wrong pfn at gfn " << l.gfn;
			bad++;
		}
		for (gfn_t g : {l.gfn, l.gfn + pages_per(l.level) - 1}) {
			struct ept_walk w;
			enum ept_status s = vm.walk(g, priv, EPT_ACCESS_READ, &w);

			if (s != EPT_OK || w.level != l.level ||
			    w.hpa != pfn_of(g) << PAGE_SHIFT ||
			    (w.perms & EPT_RWX) != (l.spte & SPTE_PERM_MASK)) {
				ADD_FAILURE() << (priv ? "mirror" : "direct")
					      << " gfn " << g << " status " << s
					      << " level " << w.level << " vs "
					      << l.level << " reason " << w.reason;
				bad++;
			}
		}
	}
	if (priv) {
		struct tdx_td *td = vm.kvm->arch.td;

		if (td->nr_leaves != (long)leaves.size() ||
		    td->nr_tables != tables) {
			ADD_FAILURE() << "module has " << td->nr_leaves
				      << " leaves/" << td->nr_tables
				      << " tables, mirror " << leaves.size()
				      << "/" << tables;
			bad++;
		}
	}
	return bad;
}

} // namespace mmuref_test
