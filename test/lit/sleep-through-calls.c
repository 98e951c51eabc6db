// Sleeping under a spinning lock or in an RCU section, through calls.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/kvm_host.h>

static void flush(struct kvm *kvm)
{
	mutex_lock(&kvm->slots_lock);
	kvm->nr_mmu_pages = 0;
	mutex_unlock(&kvm->slots_lock);
}

static void wait_for_readers(void)
{
	synchronize_rcu();
}

void under_mmu_lock(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	flush(kvm); // expected-warning {{'flush' may sleep, but spinning lock 'struct kvm::mmu_lock' is held here}}
	write_unlock(&kvm->mmu_lock);
}

void in_rcu(void)
{
	rcu_read_lock();
	wait_for_readers(); // expected-warning {{'wait_for_readers' may sleep, but an RCU read-side critical section is held here}}
	rcu_read_unlock();
}

void fine(struct kvm *kvm)
{
	flush(kvm);
	wait_for_readers();
}

void might_sleep_macro(struct kvm *kvm)
{
	spin_lock(&kvm->tdp_mmu_pages_lock);
	might_sleep(); // expected-warning {{'might_sleep' may sleep, but spinning lock 'struct kvm::tdp_mmu_pages_lock' is held here}}
	spin_unlock(&kvm->tdp_mmu_pages_lock);
}

void srcu_allows_sleep(struct kvm *kvm)
{
	int idx = srcu_read_lock(&kvm->srcu);
	flush(kvm);
	srcu_read_unlock(&kvm->srcu, idx);
}
