// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #40: KVM's documented lock order takes kvm->lock outside
 * vcpu->mutex (Documentation/virt/kvm/locking.rst), and a kernel with
 * lockdep is taught that order when a vCPU is created. Every vCPU ioctl
 * runs under its vcpu->mutex -- and KVM/arm64's PSCI CPU_ON call, made by
 * the guest from KVM_RUN, took kvm->lock to power the target vCPU on. Two
 * threads, one creating a vCPU and one running a vCPU that calls CPU_ON,
 * can each hold the lock the other waits for: lockdep's "possible
 * circular locking dependency detected", &vcpu->mutex --> &kvm->lock.
 *
 * Distilled from 0acc7239c20a "KVM: arm64: Avoid vcpu->mutex v. kvm->lock
 * inversion in CPU_ON" (Oliver Upton, 2023). The file stands for a lockdep
 * kernel, where kvm_vm_ioctl_create_vcpu() shows lockdep the order.
 */
#ifndef CONFIG_LOCKDEP
#define CONFIG_LOCKDEP 1
#endif
#include <linux/kvm_host.h>
#include <linux/mutex.h>

#define PSCI_0_2_FN_CPU_ON	0x84000003
#define PSCI_RET_SUCCESS	0
#define PSCI_RET_NOT_SUPPORTED	(-1)
#define PSCI_RET_INVALID_PARAMS	(-2)
#define PSCI_RET_ALREADY_ON	(-4)

struct arm_vcpu {
	struct kvm_vcpu vcpu;
	struct mutex mutex;		/* vcpu->mutex: held by every vCPU ioctl */
	bool power_off;
	bool reset_pending;
	unsigned long reset_pc;
	unsigned long psci_fn, psci_target, psci_pc, psci_ret;
};

struct arm_vcpu *kvm_mpidr_to_vcpu(struct kvm *kvm, unsigned long mpidr);
void kvm_vcpu_wake_up(struct arm_vcpu *vcpu);
int kvm_create_vcpu_fd(struct arm_vcpu *vcpu);

/* virt/kvm/kvm_main.c: KVM_CREATE_VCPU, under kvm->lock. */
int kvm_vm_ioctl_create_vcpu(struct kvm *kvm, struct arm_vcpu *vcpu)
{
	int r;

	mutex_lock(&kvm->lock);
#ifdef CONFIG_LOCKDEP
	/* vcpu->mutex is taken *inside* kvm->lock: tell lockdep. */
	mutex_lock(&vcpu->mutex);
	mutex_unlock(&vcpu->mutex);
#endif
	r = kvm_create_vcpu_fd(vcpu);
	mutex_unlock(&kvm->lock);
	return r;
}

/* arch/arm64/kvm/psci.c: power on the target vCPU at the entry point given. */
static unsigned long kvm_psci_vcpu_on(struct arm_vcpu *source)
{
	struct arm_vcpu *vcpu = kvm_mpidr_to_vcpu(source->vcpu.kvm, source->psci_target);

	if (!vcpu)
		return PSCI_RET_INVALID_PARAMS;
	if (!vcpu->power_off)
		return PSCI_RET_ALREADY_ON;
	vcpu->reset_pc = source->psci_pc;
	vcpu->reset_pending = true;
	vcpu->power_off = false;
	kvm_vcpu_wake_up(vcpu);
	return PSCI_RET_SUCCESS;
}

static int kvm_psci_0_2_call(struct arm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->vcpu.kvm;
	unsigned long val;

	switch (vcpu->psci_fn) {
	case PSCI_0_2_FN_CPU_ON:
		mutex_lock(&kvm->lock);
		val = kvm_psci_vcpu_on(vcpu);
		mutex_unlock(&kvm->lock);
		break;
	default:
		val = PSCI_RET_NOT_SUPPORTED;
	}
	vcpu->psci_ret = val;
	return 1;
}

/* arch/arm64/kvm/handle_exit.c: the guest's HVC. */
static int handle_hvc(struct arm_vcpu *vcpu)
{
	return kvm_psci_0_2_call(vcpu);
}

/* virt/kvm/kvm_main.c: KVM_RUN (one exit), under vcpu->mutex. */
long kvm_vcpu_ioctl_run(struct arm_vcpu *vcpu)
{
	long r;

	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;
	r = handle_hvc(vcpu); // expected-warning {{possible deadlock: 'kvm_vcpu_ioctl_run' acquires 'struct kvm::lock' while holding 'struct arm_vcpu::mutex', and 'kvm_vm_ioctl_create_vcpu' acquires 'struct arm_vcpu::mutex' while holding 'struct kvm::lock' [rcuctx-lock-order]}}
	mutex_unlock(&vcpu->mutex);
	return r;
}
