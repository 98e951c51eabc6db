// Shapes from the real kernel that are protocols, not bugs: a lock taken
// with mutex_lock_killable() is held only where it returned 0; a "begin"
// helper that enters one context or another depending on the mode does not
// leave anything unbalanced; lockdep_assert_not_held() asks for the lock to
// be free.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/kvm_host.h>

struct vcpu { struct mutex mutex; struct kvm *kvm; int mode; };

long vcpu_ioctl(struct vcpu *v)
{
	if (mutex_lock_killable(&v->mutex))
		return -EINTR;
	v->mode = 1;
	mutex_unlock(&v->mutex);
	return 0;
}

long vcpu_ioctl_leak(struct vcpu *v)
{
	if (mutex_lock_interruptible(&v->mutex))
		return -EINTR;
	if (v->mode)
		return -EBUSY; // expected-warning {{returns with 'struct vcpu::mutex' held on this path but not on others}}
	mutex_unlock(&v->mutex);
	return 0;
}

bool tdp_active(struct vcpu *v);

static void walk_lockless_begin(struct vcpu *v)
{
	if (tdp_active(v))
		rcu_read_lock();
	else
		local_irq_disable();
}

static void walk_lockless_end(struct vcpu *v)
{
	if (tdp_active(v))
		rcu_read_unlock();
	else
		local_irq_enable();
}

int walk(struct vcpu *v)
{
	walk_lockless_begin(v);
	v->mode = 2;
	walk_lockless_end(v);
	return 0;
}

static void back_half(struct kvm *kvm)
{
	lockdep_assert_not_held(&kvm->mmu_lock);
}

void zap_all_fast(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	kvm->nr_mmu_pages = 0;
	write_unlock(&kvm->mmu_lock);
	back_half(kvm);
}

void zap_all_wrong(struct kvm *kvm)
{
	write_lock(&kvm->mmu_lock);
	back_half(kvm); // expected-warning {{'back_half' requires 'struct kvm::mmu_lock' not held, but it is held for write here}}
	write_unlock(&kvm->mmu_lock);
}
