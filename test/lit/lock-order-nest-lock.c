// mutex_lock_nest_lock(l, nest) and down_write_nest_lock(): many instances
// of one class taken under another lock (kvm->lock over every vCPU mutex,
// mmap_lock over every anon_vma in mm_take_all_locks()). lockdep takes no
// recursion from the instances, orders them after the nest lock, and checks
// the nest lock is held: without lockdep the macros are plain locks.
// RUN: %check %debug_config -Xclang -verify=expected,lockdep -Xclang -verify-ignore-unexpected=note %s
// RUN: %verify %s
#include <linux/mutex.h>

struct vcpu { struct mutex mutex; int mode; };
struct vm { struct mutex lock; struct rw_semaphore mmap; struct rw_semaphore anon; struct vcpu *vcpus[4]; };

void lock_all_vcpus(struct vm *kvm)
{
	int i;

	mutex_lock(&kvm->lock);
	for (i = 0; i < 4; i++)
		mutex_lock_nest_lock(&kvm->vcpus[i]->mutex, &kvm->lock);
	for (i = 0; i < 4; i++)
		kvm->vcpus[i]->mode = 1;
	for (i = 0; i < 4; i++)
		mutex_unlock(&kvm->vcpus[i]->mutex);
	mutex_unlock(&kvm->lock);
}

void lock_all_vcpus_unheld(struct vm *kvm)
{
	int i;

	mutex_lock(&kvm->lock);
	kvm->vcpus[0]->mode = 0;
	mutex_unlock(&kvm->lock);
	for (i = 0; i < 4; i++)
		mutex_lock_nest_lock(&kvm->vcpus[i]->mutex, &kvm->lock); // lockdep-warning {{mutex_lock_nest_lock() requires 'struct vm::lock' held, but it is not held here [rcuctx-lock-held]}}
	for (i = 0; i < 4; i++)
		mutex_unlock(&kvm->vcpus[i]->mutex);
}

/* The nest lock orders the instances after it: a vCPU path that takes
 * kvm->lock under a vCPU mutex is the other half of a cycle. */
void vcpu_takes_vm_lock(struct vm *kvm)
{
	mutex_lock(&kvm->vcpus[0]->mutex);
	mutex_lock(&kvm->lock); // expected-warning {{possible deadlock: 'vcpu_takes_vm_lock' acquires 'struct vm::lock' while holding 'struct vcpu::mutex', and 'lock_all_vcpus' acquires 'struct vcpu::mutex' while holding 'struct vm::lock' [rcuctx-lock-order]}}
	mutex_unlock(&kvm->lock);
	mutex_unlock(&kvm->vcpus[0]->mutex);
}

void take_all(struct vm *mm)
{
	down_write(&mm->mmap);
	down_write_nest_lock(&mm->anon, &mm->mmap);
	up_write(&mm->anon);
	up_write(&mm->mmap);
}
