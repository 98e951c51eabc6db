/* As 6.12's kvm_cache_regs.h: the register read helpers call the vendor's
 * cache_reg through an ops table, passing the register on. */
#include <linux/spinlock.h>

enum kvm_reg { VCPU_REGS_RIP, VCPU_EXREG_CR3, VCPU_EXREG_CR4, VCPU_EXREG_PDPTR };
struct kvm_vcpu { int id; };
struct x86_ops { void (*cache_reg)(struct kvm_vcpu *vcpu, enum kvm_reg reg); };
extern struct x86_ops x86_ops;

static inline unsigned long kvm_register_read_raw(struct kvm_vcpu *vcpu, int reg)
{
	x86_ops.cache_reg(vcpu, reg);
	return 0;
}

static inline unsigned long kvm_rip_read(struct kvm_vcpu *vcpu)
{
	return kvm_register_read_raw(vcpu, VCPU_REGS_RIP);
}

static inline unsigned long kvm_pdptr_read(struct kvm_vcpu *vcpu)
{
	return kvm_register_read_raw(vcpu, VCPU_EXREG_PDPTR);
}
