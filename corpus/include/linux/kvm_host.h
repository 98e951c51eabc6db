/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: the slice of KVM the corpus uses. */
#ifndef _MINI_LINUX_KVM_HOST_H
#define _MINI_LINUX_KVM_HOST_H

#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/srcu.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/sched.h>

typedef struct { int refs; } refcount_t;
unsigned int refcount_read(const refcount_t *r);

typedef u64 gfn_t;
typedef u64 kvm_pfn_t;
typedef u64 __rcu *tdp_ptep_t;

struct kvm_memslots { int generation; };

struct kvm {
	rwlock_t mmu_lock;
	struct mutex slots_lock;
	struct mutex slots_arch_lock;
	struct srcu_struct srcu;
	struct kvm_memslots __rcu *memslots[2];
	struct list_head tdp_mmu_roots;
	spinlock_t tdp_mmu_pages_lock;
	int nr_mmu_pages;
	refcount_t users_count;
	struct mutex lock;
};

struct kvm_vcpu { struct kvm *kvm; int srcu_idx; int vcpu_id; };

#define KVM_MMU_LOCK(kvm)	write_lock(&(kvm)->mmu_lock)
#define KVM_MMU_UNLOCK(kvm)	write_unlock(&(kvm)->mmu_lock)

static inline struct kvm_memslots *__kvm_memslots(struct kvm *kvm, int as_id)
{
	return srcu_dereference_check(kvm->memslots[as_id], &kvm->srcu,
				      lockdep_is_held(&kvm->slots_lock) ||
				      !refcount_read(&kvm->users_count));
}
static inline struct kvm_memslots *kvm_memslots(struct kvm *kvm)
{
	return __kvm_memslots(kvm, 0);
}

static inline void kvm_lockdep_assert_mmu_lock_held(struct kvm *kvm, bool shared)
{
	if (shared)
		lockdep_assert_held_read(&kvm->mmu_lock);
	else
		lockdep_assert_held_write(&kvm->mmu_lock);
}

#endif
