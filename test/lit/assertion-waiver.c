// RUN: %verify %s
// An assertion the code makes only under a condition on runtime state is a
// waiver, not a requirement: 6.12's kvm_tdp_mmu_invalidate_all_roots()
// asserts mmu_lock only `if (refcount_read(&kvm->users_count) &&
// kvm->created_vcpus)`, i.e. not on KVM_CREATE_VM's error path. A branch on
// a mode parameter (`if (shared)`) is followed by the partitions instead.
#include <linux/spinlock.h>
#include <linux/lockdep.h>
#include <linux/slab.h>

struct vm { rwlock_t mmu_lock; int users; int created_vcpus; };
int users_of(struct vm *vm);

static void invalidate_roots(struct vm *vm)
{
	if (users_of(vm) && vm->created_vcpus)
		lockdep_assert_held_write(&vm->mmu_lock);
}

static void invalidate_roots_always(struct vm *vm)
{
	lockdep_assert_held_write(&vm->mmu_lock);
}

static void invalidate_roots_mode(struct vm *vm, bool locked)
{
	if (locked)
		lockdep_assert_held_write(&vm->mmu_lock);
}

void create_vm_error_path(struct vm *vm)
{
	void *p = kmalloc(16, GFP_KERNEL);

	kfree(p);
	invalidate_roots(vm);
}

void create_vm_wrong(struct vm *vm)
{
	void *p = kmalloc(16, GFP_KERNEL); // expected-warning {{'kmalloc' may sleep, but spinning lock 'struct vm::mmu_lock' is held here}}

	kfree(p);
	invalidate_roots_always(vm);
}

void create_vm_mode(struct vm *vm)
{
	void *p = kmalloc(16, GFP_KERNEL); // expected-warning {{'kmalloc' may sleep, but spinning lock 'struct vm::mmu_lock' is held here}}

	kfree(p);
	invalidate_roots_mode(vm, true);
}
