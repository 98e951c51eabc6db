// WARN_ON(shared) / KVM_BUG_ON(shared, kvm) say a mode cannot reach that
// point: its requirements on that path are not judged for that mode (the
// mirror-root pattern: write-lock-only teardown under `if (is_mirror_sp(sp))`).
// Without the assertion, the same code is a finding.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/kvm_host.h>

#define KVM_BUG_ON(cond, kvm) WARN_ON(cond)

bool is_mirror(void *sp);

static void remove_external(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
}

static void teardown(struct kvm *kvm, void *sp, bool shared)
{
	if (is_mirror(sp)) {
		KVM_BUG_ON(shared, kvm);
		remove_external(kvm);
	}
}

static int split(struct kvm *kvm, void *sp, bool shared)
{
	if (is_mirror(sp)) {
		lockdep_assert_held_write(&kvm->mmu_lock);
		if (WARN_ON(shared))
			return -EINVAL;
	}
	return 0;
}

static void teardown_unguarded(struct kvm *kvm, void *sp, bool shared)
{
	if (is_mirror(sp))
		remove_external(kvm);
}

void atomic_path(struct kvm *kvm, void *sp)
{
	read_lock(&kvm->mmu_lock);
	teardown(kvm, sp, true);
	split(kvm, sp, true);
	teardown_unguarded(kvm, sp, true); // expected-warning {{'teardown_unguarded' requires 'struct kvm::mmu_lock' held for write, but it is held for read here}}
	read_unlock(&kvm->mmu_lock);
}
