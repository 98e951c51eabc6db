#include "cache_regs.h"

void load_pdptrs(struct kvm_vcpu *vcpu);

/* Loads the PDPTRs (in regs.c, which may sleep) for one register only. */
static void svm_cache_reg(struct kvm_vcpu *vcpu, enum kvm_reg reg)
{
	switch (reg) {
	case VCPU_EXREG_PDPTR:
		load_pdptrs(vcpu);
		break;
	default:
		break;
	}
}

struct x86_ops x86_ops = {
	.cache_reg = svm_cache_reg,
};
