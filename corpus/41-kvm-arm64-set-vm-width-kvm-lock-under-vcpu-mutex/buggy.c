// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #41: the other half of the same rule as #40. KVM/arm64
 * decides a VM's register width (all AArch32 or all AArch64 vCPUs) when a
 * vCPU is reset, and did so under kvm->lock -- from KVM_ARM_VCPU_INIT, a
 * vCPU ioctl that runs under vcpu->mutex, while the documented order (and
 * what a lockdep kernel learns at vCPU creation) takes kvm->lock outside
 * vcpu->mutex: "possible circular locking dependency detected".
 *
 * Distilled from c43120afb5c6 "KVM: arm64: Avoid lock inversion when
 * setting the VM register width" (Oliver Upton, 2023). The file stands for
 * a lockdep kernel, where kvm_vm_ioctl_create_vcpu() shows lockdep the order.
 */
#ifndef CONFIG_LOCKDEP
#define CONFIG_LOCKDEP 1
#endif
#include <linux/kvm_host.h>
#include <linux/mutex.h>

#define KVM_ARCH_FLAG_REG_WIDTH_CONFIGURED	(1UL << 3)
#define KVM_ARCH_FLAG_EL1_32BIT			(1UL << 4)
#define KVM_ARM_VCPU_INIT			0xae

struct arm_kvm {
	struct kvm kvm;
	unsigned long flags;
};

struct arm_vcpu {
	struct kvm_vcpu vcpu;
	struct arm_kvm *vm;
	struct mutex mutex;		/* vcpu->mutex: held by every vCPU ioctl */
	bool el1_32bit;			/* the feature KVM_ARM_VCPU_INIT asked for */
};

int kvm_create_vcpu_fd(struct arm_vcpu *vcpu);
void kvm_reset_sys_regs(struct arm_vcpu *vcpu);

/* virt/kvm/kvm_main.c: KVM_CREATE_VCPU, under kvm->lock. */
int kvm_vm_ioctl_create_vcpu(struct arm_kvm *vm, struct arm_vcpu *vcpu)
{
	int r;

	mutex_lock(&vm->kvm.lock);
#ifdef CONFIG_LOCKDEP
	/* vcpu->mutex is taken *inside* kvm->lock: tell lockdep. */
	mutex_lock(&vcpu->mutex);
	mutex_unlock(&vcpu->mutex);
#endif
	r = kvm_create_vcpu_fd(vcpu);
	mutex_unlock(&vm->kvm.lock);
	return r;
}

/* arch/arm64/kvm/reset.c: every vCPU of a VM has one register width. */
static int kvm_set_vm_width(struct arm_vcpu *vcpu)
{
	struct arm_kvm *vm = vcpu->vm;

	lockdep_assert_held(&vm->kvm.lock);
	if (vm->flags & KVM_ARCH_FLAG_REG_WIDTH_CONFIGURED)
		return !!(vm->flags & KVM_ARCH_FLAG_EL1_32BIT) == vcpu->el1_32bit ? 0 : -EINVAL;
	if (vcpu->el1_32bit)
		vm->flags |= KVM_ARCH_FLAG_EL1_32BIT;
	vm->flags |= KVM_ARCH_FLAG_REG_WIDTH_CONFIGURED;
	return 0;
}

static int kvm_reset_vcpu(struct arm_vcpu *vcpu)
{
	int ret;

	mutex_lock(&vcpu->vm->kvm.lock);
	ret = kvm_set_vm_width(vcpu);
	mutex_unlock(&vcpu->vm->kvm.lock);
	if (ret)
		return ret;
	kvm_reset_sys_regs(vcpu);
	return 0;
}

/* arch/arm64/kvm/arm.c: KVM_ARM_VCPU_INIT. */
static int kvm_arch_vcpu_ioctl_vcpu_init(struct arm_vcpu *vcpu)
{
	return kvm_reset_vcpu(vcpu);
}

/* virt/kvm/kvm_main.c: every vCPU ioctl runs under vcpu->mutex. */
long kvm_vcpu_ioctl(struct arm_vcpu *vcpu, unsigned int ioctl)
{
	long r = -EINVAL;

	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;
	if (ioctl == KVM_ARM_VCPU_INIT)
		r = kvm_arch_vcpu_ioctl_vcpu_init(vcpu); // expected-warning {{possible deadlock: 'kvm_vcpu_ioctl' acquires 'struct kvm::lock' while holding 'struct arm_vcpu::mutex', and 'kvm_vm_ioctl_create_vcpu' acquires 'struct arm_vcpu::mutex' while holding 'struct kvm::lock' [rcuctx-lock-order]}}
	mutex_unlock(&vcpu->mutex);
	return r;
}
