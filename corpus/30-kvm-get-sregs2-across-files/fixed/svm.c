// SPDX-License-Identifier: MIT
// RUN: %verify %s
// expected-no-diagnostics
/*
 * rcuctx corpus #30, file 3 of 3 (arch/x86/kvm/svm/svm.c's part): the
 * register-cache handler reloads the PDPTRs, back in x86.c.
 */
#include <kvm/guest_access.h>

u64 vcpu_cr3(struct kvm_vcpu *vcpu);
int load_pdptrs(struct kvm_vcpu *vcpu, u64 cr3);
void svm_cache_reg(struct kvm_vcpu *vcpu);

void svm_cache_reg(struct kvm_vcpu *vcpu)
{
	load_pdptrs(vcpu, vcpu_cr3(vcpu));
}
