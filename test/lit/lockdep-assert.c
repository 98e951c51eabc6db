// lockdep assertions are requirements: a callee's assertion becomes its
// callers', and a caller in the wrong state is found.
// RUN: %verify %s
// RUN: %verify %debug_config %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/kvm_host.h>

static void set_spte(struct kvm *kvm, u64 *sptep, u64 v)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
	*sptep = v;
}

static void set_spte_atomic(struct kvm *kvm, u64 *sptep, u64 v)
{
	lockdep_assert_held_read(&kvm->mmu_lock);
	*sptep = v;
}

static void helper(struct kvm *kvm, u64 *sptep)
{
	set_spte(kvm, sptep, 0);
}

void after_unlock(struct kvm *kvm, u64 *sptep)
{
	write_lock(&kvm->mmu_lock);
	set_spte(kvm, sptep, 1);
	write_unlock(&kvm->mmu_lock);
	helper(kvm, sptep); // expected-warning {{'helper' requires 'struct kvm::mmu_lock' held for write, but it is not held here [rcuctx-lock-held]}}
}
// CHECK: warning: 'helper' requires 'struct kvm::mmu_lock' held for write, but it is not held here
// CHECK-NEXT: helper(kvm, sptep);
// CHECK: note: 'struct kvm::mmu_lock' released here
// CHECK: note: 'helper' calls 'set_spte' here
// CHECK: note: 'set_spte' asserts that 'struct kvm::mmu_lock' is held for write here

void read_mode_is_fine_for_atomic(struct kvm *kvm, u64 *sptep)
{
	read_lock(&kvm->mmu_lock);
	set_spte_atomic(kvm, sptep, 1);
	read_unlock(&kvm->mmu_lock);
}

void write_mode_for_atomic(struct kvm *kvm, u64 *sptep)
{
	write_lock(&kvm->mmu_lock);
	set_spte_atomic(kvm, sptep, 1); // expected-warning {{'set_spte_atomic' requires 'struct kvm::mmu_lock' held for read, but it is held for write here}}
	write_unlock(&kvm->mmu_lock);
}

void direct_assert(struct kvm *kvm)
{
	mutex_lock(&kvm->slots_lock);
	mutex_unlock(&kvm->slots_lock);
	lockdep_assert_held(&kvm->slots_lock); // expected-warning {{lockdep_assert_held() requires 'struct kvm::slots_lock' held, but it is not held here}}
}

void entry_precondition(struct kvm *kvm, u64 *sptep)
{
	/* Unknown at entry: the requirement moves to the callers. */
	set_spte(kvm, sptep, 2);
}
