// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #36: resetting a VM's Xen event channels waits for an SRCU
 * grace period of kvm->srcu while holding kvm->lock -- and a vCPU, inside
 * its kvm->srcu read-side section, delivers an event channel through a path
 * that takes kvm->lock. The reset waits for the vCPU's section to end, the
 * vCPU waits for the lock: a deadlock lockdep reports only if both run.
 *
 * Distilled from a79b53aaaab5 "KVM: x86: fix deadlock for
 * KVM_XEN_EVTCHN_RESET" (Paolo Bonzini, Dec 2022), with 02d9a04da453
 * "Documentation: kvm: clarify SRCU locking order": synchronize_srcu(&kvm->srcu)
 * may not be called under a lock that readers of kvm->srcu take.
 */
#include <linux/kvm_host.h>
#include <linux/slab.h>

struct evtchnfd { unsigned int send_port; int pending; };

struct xen_evtchn_table {
	struct evtchnfd *ports[16];
	int nr;
};

/* The delivery slow path: the shared-info page is (re)mapped under kvm->lock. */
static int kvm_xen_set_evtchn(struct kvm *kvm, struct evtchnfd *e)
{
	mutex_lock(&kvm->lock);
	e->pending = 1;
	mutex_unlock(&kvm->lock);
	return 0;
}

static int kvm_xen_hcall_evtchn_send(struct kvm_vcpu *vcpu, struct xen_evtchn_table *t,
				     unsigned int port)
{
	if (port >= 16 || !t->ports[port])
		return -1;
	return kvm_xen_set_evtchn(vcpu->kvm, t->ports[port]);
}

/* The vCPU loop handles the guest's hypercalls inside kvm->srcu. */
int vcpu_run(struct kvm_vcpu *vcpu, struct xen_evtchn_table *t, unsigned int port)
{
	int r;

	vcpu->srcu_idx = srcu_read_lock(&vcpu->kvm->srcu);
	r = kvm_xen_hcall_evtchn_send(vcpu, t, port);
	srcu_read_unlock(&vcpu->kvm->srcu, vcpu->srcu_idx);
	return r;
}

/* KVM_XEN_HVM_SET_ATTR(KVM_XEN_ATTR_TYPE_EVTCHN_RESET): under kvm->lock. */
int kvm_xen_eventfd_reset(struct kvm *kvm, struct xen_evtchn_table *t)
{
	int i;

	mutex_lock(&kvm->lock);
	for (i = 0; i < t->nr; i++) {
		struct evtchnfd *e = t->ports[i];

		t->ports[i] = NULL;
		synchronize_srcu(&kvm->srcu); // expected-warning {{possible deadlock: 'kvm_xen_eventfd_reset' waits for the readers of SRCU domain 'struct kvm::srcu' while holding 'struct kvm::lock', and 'vcpu_run' acquires 'struct kvm::lock' inside a read-side critical section of SRCU domain 'struct kvm::srcu' (a grace period waits for every reader) [rcuctx-grace-period]}}
		kfree(e);
	}
	t->nr = 0;
	mutex_unlock(&kvm->lock);
	return 0;
}
