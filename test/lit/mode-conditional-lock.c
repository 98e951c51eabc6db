// `if (shared) read_lock(l); else write_lock(l);` is understood per value of
// the `shared` parameter: the matching unlocks and assertions are clean, and
// a caller passing the wrong mode is found.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/kvm_host.h>

static void zap_one(struct kvm *kvm, bool shared)
{
	kvm_lockdep_assert_mmu_lock_held(kvm, shared);
}

static void zap_all(struct kvm *kvm, bool shared)
{
	if (shared)
		read_lock(&kvm->mmu_lock);
	else
		write_lock(&kvm->mmu_lock);

	zap_one(kvm, shared);

	if (shared)
		read_unlock(&kvm->mmu_lock);
	else
		write_unlock(&kvm->mmu_lock);
}

void zap_both_ways(struct kvm *kvm)
{
	zap_all(kvm, true);
	zap_all(kvm, false);
}

void wrong_mode(struct kvm *kvm)
{
	read_lock(&kvm->mmu_lock);
	zap_one(kvm, false); // expected-warning {{'zap_one' requires 'struct kvm::mmu_lock' held for write, but it is held for read here [rcuctx-lock-held]}}
	read_unlock(&kvm->mmu_lock);
}

void right_mode_through_param(struct kvm *kvm, bool shared)
{
	if (shared)
		read_lock(&kvm->mmu_lock);
	else
		write_lock(&kvm->mmu_lock);
	zap_one(kvm, shared);
	if (shared)
		read_unlock(&kvm->mmu_lock);
	else
		write_unlock(&kvm->mmu_lock);
}
