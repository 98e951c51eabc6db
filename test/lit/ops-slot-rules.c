// RUN: %verify -fplugin-arg-rcuctx-rules=%S/Inputs/ops-slots.yaml %s
// A rule naming the slot of a call through a function pointer decides what
// the call does: an ops-structure member ("struct vendor_ops::flush_tlb") or
// a static_call() trampoline ("__SCT__vendor_load", what
// static_call(vendor_load)(...) calls). Here nothing stores a function into
// the slots, so without the rules the calls would be unknown; where the
// program does, its targets are followed (indirect-*.c), and a rule still
// wins (indirect-rule-slot.c).
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct vcpu { int id; };
struct vendor_ops {
	void (*flush_tlb)(struct vcpu *v);
	void (*other)(struct vcpu *v);
};
extern struct vendor_ops vendor;
void __SCT__vendor_load(struct vcpu *v);
#define static_call(name) ((void (*)(struct vcpu *))&__SCT__##name)

spinlock_t lock;

// rcuctx-entry: process
void flush_outside_rcu(struct vcpu *v)
{
	vendor.flush_tlb(v); // expected-warning {{'struct vendor_ops::flush_tlb' needs an RCU read-side critical section, but none is held here}}
}

// rcuctx-entry: process
void flush_inside_rcu(struct vcpu *v)
{
	rcu_read_lock();
	vendor.flush_tlb(v);
	vendor.other(v); /* a slot the rules do not name: unknown, silent */
	rcu_read_unlock();
}

void load_under_spinlock(struct vcpu *v)
{
	spin_lock(&lock);
	static_call(vendor_load)(v); // expected-warning {{'__SCT__vendor_load' may sleep, but spinning lock 'lock' is held here}}
	spin_unlock(&lock);
}
