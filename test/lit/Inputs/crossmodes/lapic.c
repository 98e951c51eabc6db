#include "cache_regs.h"

struct kvm_lapic { spinlock_t lock; struct kvm_vcpu *vcpu; };

/* Reads RIP under the lock: cache_reg(vcpu, VCPU_REGS_RIP) never loads the
 * PDPTRs. */
unsigned long report_tpr_access(struct kvm_lapic *apic)
{
	unsigned long rip;

	spin_lock(&apic->lock);
	rip = kvm_rip_read(apic->vcpu);
	spin_unlock(&apic->lock);
	return rip;
}

/* Reads a PDPTR under the lock: that may sleep. */
unsigned long read_pdptr_locked(struct kvm_lapic *apic)
{
	unsigned long v;

	spin_lock(&apic->lock);
	v = kvm_pdptr_read(apic->vcpu);
	spin_unlock(&apic->lock);
	return v;
}
