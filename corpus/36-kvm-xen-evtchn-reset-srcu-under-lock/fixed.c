// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
/*
 * rcuctx corpus #36, fixed as a79b53aaaab5 "KVM: x86: fix deadlock for
 * KVM_XEN_EVTCHN_RESET" does: the channels are unhooked and collected under
 * kvm->lock, and the grace period is waited for (once) after the lock is
 * dropped, before they are freed.
 */
#include <linux/kvm_host.h>
#include <linux/slab.h>

struct evtchnfd { unsigned int send_port; int pending; };

struct xen_evtchn_table {
	struct evtchnfd *ports[16];
	int nr;
};

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

int vcpu_run(struct kvm_vcpu *vcpu, struct xen_evtchn_table *t, unsigned int port)
{
	int r;

	vcpu->srcu_idx = srcu_read_lock(&vcpu->kvm->srcu);
	r = kvm_xen_hcall_evtchn_send(vcpu, t, port);
	srcu_read_unlock(&vcpu->kvm->srcu, vcpu->srcu_idx);
	return r;
}

int kvm_xen_eventfd_reset(struct kvm *kvm, struct xen_evtchn_table *t)
{
	struct evtchnfd *all[16];
	int i, n;

	mutex_lock(&kvm->lock);
	n = t->nr;
	for (i = 0; i < n; i++) {
		all[i] = t->ports[i];
		t->ports[i] = NULL;
	}
	t->nr = 0;
	mutex_unlock(&kvm->lock);

	synchronize_srcu(&kvm->srcu);
	for (i = 0; i < n; i++)
		kfree(all[i]);
	return 0;
}
