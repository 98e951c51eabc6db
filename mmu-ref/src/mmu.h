/* SPDX-License-Identifier: MIT */
/*
 * The VM-level objects of the TDP MMU: struct kvm with its mmu_lock, the
 * page-table page descriptor struct kvm_mmu_page, per-vCPU memory caches,
 * and the kvm_x86_ops-like table through which mirror page tables are
 * propagated to the external (TDX-module-owned) page tables.
 */
#ifndef _MMUREF_MMU_H
#define _MMUREF_MMU_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "spte.h"

#ifdef __cplusplus
extern "C" {
#endif

struct kvm;
struct tdx_td;

union kvm_mmu_page_role {
	u32 word;
	struct {
		unsigned int level:4;
		/* Mirror of an external table: changes go through x86_ops. */
		unsigned int is_mirror:1;
	};
};

struct kvm_mmu_page {
	struct list_head link;		/* kvm->arch.tdp_mmu_roots, roots only */
	struct list_head pages_link;	/* kvm->arch.tdp_mmu_pages */
	struct rcu_head rcu_head;	/* freeing after a grace period */
	union kvm_mmu_page_role role;
	gfn_t gfn;			/* first GFN mapped by this table */
	u64 *spt;			/* the SPTEs */
	void *external_spt;		/* mirror non-roots: external table */
	atomic_t tdp_mmu_root_count;	/* roots only */
};

/*
 * Hooks to the external page tables, like kvm_x86_ops.  @level is the
 * level of the mirror SPTE being changed (for the *_spt hooks that is the
 * entry linking the table, one above the table's own level).
 *  link_external_spt/set_external_spte: not-present -> present; called
 *	with the mirror SPTE frozen and mmu_lock held (read or write).
 *  remove_external_spte/free_external_spt/split_external_spt: mmu_lock
 *	held for write; children are removed before their parent table.
 */
struct kvm_x86_ops {
	int (*link_external_spt)(struct kvm *kvm, gfn_t gfn, int level,
				 void *external_spt);
	int (*set_external_spte)(struct kvm *kvm, gfn_t gfn, int level,
				 kvm_pfn_t pfn);
	int (*remove_external_spte)(struct kvm *kvm, gfn_t gfn, int level,
				    kvm_pfn_t pfn);
	int (*free_external_spt)(struct kvm *kvm, gfn_t gfn, int level,
				 void *external_spt);
	int (*split_external_spt)(struct kvm *kvm, gfn_t gfn, int level,
				  void *external_spt);
};

/* The TDX-module backed implementation (tdx.c). */
extern const struct kvm_x86_ops tdx_x86_ops;

struct kvm_stat {
	atomic64_t pf_fixed;
	atomic64_t pf_spurious;
	atomic64_t pages_split;
	atomic64_t leafs_zapped;
	atomic64_t remote_tlb_flush;
	atomic64_t mmu_pages;		/* page-table pages in use */
	atomic64_t external_ops;
};

struct kvm_arch {
	struct list_head tdp_mmu_roots;		/* under tdp_mmu_pages_lock */
	struct list_head tdp_mmu_pages;		/* under tdp_mmu_pages_lock */
	spinlock_t tdp_mmu_pages_lock;
	struct tdx_td *td;			/* external tables, or NULL */
};

struct kvm {
	rwlock_t mmu_lock;
	struct kvm_arch arch;
	const struct kvm_x86_ops *x86_ops;
	int root_level;
	struct kvm_mmu_page *mirror_root;	/* private GPAs (TD only) */
	struct kvm_mmu_page *direct_root;	/* shared GPAs */
	struct kvm_stat stat;
};

#define KVM_MMU_CACHE_CAPACITY	40

struct kvm_mmu_memory_cache {
	int nobjs;
	gfp_t gfp_zero;
	u64 init_value;			/* fill pages with this if non-zero */
	struct kmem_cache *kmem_cache;	/* objects, else whole pages */
	void *objects[KVM_MMU_CACHE_CAPACITY];
};

struct kvm_vcpu {
	struct kvm *kvm;
	struct kvm_mmu_memory_cache mmu_page_header_cache;
	struct kvm_mmu_memory_cache mmu_shadow_page_cache;
	struct kvm_mmu_memory_cache mmu_external_spt_cache;
};

/* Page-fault return codes, as in KVM. */
enum {
	RET_PF_CONTINUE = 0,
	RET_PF_RETRY,
	RET_PF_FIXED,
	RET_PF_SPURIOUS,
};

struct kvm_page_fault {
	gfn_t gfn;
	kvm_pfn_t pfn;
	int goal_level;
	unsigned int access;	/* ACC_* the mapping should allow */
	bool write;		/* write fault: map dirty */
	bool is_private;	/* mirror root (TD private GPA) */
};

extern struct kmem_cache *mmu_page_header_cache;

/*
 * VM lifetime.  kvm_create_vm() builds the direct root, and with @tdx the
 * TD's external tables and the mirror root.  kvm_destroy_vm() zaps all,
 * waits for RCU callbacks and frees everything.  Both may sleep.
 */
struct kvm *kvm_create_vm(int root_level, bool tdx);
void kvm_destroy_vm(struct kvm *kvm);

/* Caches: topup may sleep (no mmu_lock, no RCU); free too. */
void kvm_vcpu_init(struct kvm_vcpu *vcpu, struct kvm *kvm);
int kvm_mmu_topup_memory_caches(struct kvm_vcpu *vcpu);
void kvm_mmu_free_memory_caches(struct kvm_vcpu *vcpu);
void *kvm_mmu_memory_cache_alloc(struct kvm_mmu_memory_cache *mc);

static inline void kvm_flush_remote_tlbs(struct kvm *kvm)
{
	atomic64_inc(&kvm->stat.remote_tlb_flush);
}

/* mmu_lock held for read if @shared, else for write. */
#define kvm_lockdep_assert_mmu_lock_held(kvm, shared) do {		\
	if (shared)							\
		lockdep_assert_held_read(&(kvm)->mmu_lock);		\
	else								\
		lockdep_assert_held_write(&(kvm)->mmu_lock);		\
} while (0)

#define KVM_BUG_ON(cond, kvm)	WARN_ON(cond)

static inline struct kvm_mmu_page *sptep_to_sp(u64 *sptep)
{
	return (struct kvm_mmu_page *)page_private(virt_to_page(sptep));
}

static inline struct kvm_mmu_page *spte_to_child_sp(u64 spte)
{
	return sptep_to_sp((u64 *)__va(spte & SPTE_BASE_ADDR_MASK));
}

static inline bool is_mirror_sp(const struct kvm_mmu_page *sp)
{
	return sp->role.is_mirror;
}

/*
 * Whether @sptep lives in a mirror table.  Must be called inside
 * rcu_read_lock(): the page holding @sptep may be freed after a grace
 * period, and rcu_dereference() checks that in debug builds.
 */
static inline bool is_mirror_sptep(tdp_ptep_t sptep)
{
	return is_mirror_sp(sptep_to_sp(rcu_dereference(sptep)));
}

/* Read an SPTE; inside rcu_read_lock(). */
/*
 * Walkers follow an SPTE's value to its child table: an address
 * dependency, ordered like the kernel's READ_ONCE() ("consume"). TSan does
 * not model dependencies, so under TSan the load is an acquire, pairing with
 * the publishing cmpxchg; the code is otherwise the same.
 */
#ifdef MMUREF_TSAN
#define MMUREF_SPTE_LOAD_ORDER __ATOMIC_ACQUIRE
#else
#define MMUREF_SPTE_LOAD_ORDER __ATOMIC_RELAXED
#endif

static inline u64 kvm_tdp_mmu_read_spte(tdp_ptep_t sptep)
{
	return __atomic_load_n(rcu_dereference(sptep), MMUREF_SPTE_LOAD_ORDER);
}

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_MMU_H */
