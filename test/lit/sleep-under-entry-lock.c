// A spinning lock the function only asserts (held since entry), or drops
// and retakes, is still held when it sleeps: definite either way.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/kvm_host.h>

void *asserted_then_sleeps(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
	return kzalloc(8, GFP_KERNEL); // expected-warning {{'kzalloc' may sleep, but spinning lock 'struct kvm::mmu_lock' is held here}}
}

void *retaken_then_sleeps(struct kvm *kvm)
{
	write_unlock(&kvm->mmu_lock);
	write_lock(&kvm->mmu_lock);
	return kzalloc(8, GFP_KERNEL); // expected-warning {{'kzalloc' may sleep, but spinning lock 'struct kvm::mmu_lock' is held here}}
}

void *dropped_then_sleeps(struct kvm *kvm)
{
	void *p;

	lockdep_assert_held_write(&kvm->mmu_lock);
	write_unlock(&kvm->mmu_lock);
	p = kzalloc(8, GFP_KERNEL);
	write_lock(&kvm->mmu_lock);
	return p;
}

void *sleeping_lock_asserted(struct kvm *kvm)
{
	lockdep_assert_held(&kvm->slots_lock);
	return kzalloc(8, GFP_KERNEL);
}
