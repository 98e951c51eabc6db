// RUN: %verify %s
// An assertion made only when lockdep is on and a runtime condition holds is
// a waiver, not a requirement: 6.12's kvm_tdp_mmu_invalidate_all_roots()
// asserts mmu_lock only `if (IS_ENABLED(CONFIG_PROVE_LOCKING) &&
// refcount_read(&kvm->users_count) && kvm->created_vcpus)`, i.e. not on
// KVM_CREATE_VM's error path. Any other `if (x) lockdep_assert_held(l)` is
// a requirement where x holds (checked where reached, but no contradiction
// is inferred from it), and a branch on a mode parameter (`if (shared)`) is
// followed by the partitions.
#include <linux/spinlock.h>
#include <linux/lockdep.h>
#include <linux/slab.h>

struct vm { rwlock_t mmu_lock; int users; int created_vcpus; };
int users_of(struct vm *vm);

#define IS_ENABLED(x) 1
static void invalidate_roots(struct vm *vm)
{
	if (IS_ENABLED(CONFIG_PROVE_LOCKING) && users_of(vm) && vm->created_vcpus)
		lockdep_assert_held_write(&vm->mmu_lock);
}

static void invalidate_roots_if(struct vm *vm)
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

/* A plain `if (x) lockdep_assert_held(l)` is a requirement when x holds,
   so it makes no contradiction with a sleep (conditional-assertion-no-conflict.c). */
void create_vm_if(struct vm *vm)
{
	void *p = kmalloc(16, GFP_KERNEL);

	kfree(p);
	invalidate_roots_if(vm);
}
