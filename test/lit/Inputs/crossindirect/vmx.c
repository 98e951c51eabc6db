#include "ops.h"

/* Reads guest memory: needs kvm->srcu on every path. */
static int vmx_run(struct kvm_vcpu *v)
{
	return kvm_memslots(v->kvm)->generation;
}

/* Allocates: may sleep. */
static void vmx_flush(struct kvm_vcpu *v)
{
	kfree(kmalloc(16, GFP_KERNEL));
}

static int vmx_get_cpl(struct kvm_vcpu *v)
{
	return v->vcpu_id & 3;
}

struct vcpu_ops vmx_ops = {
	.run = vmx_run,
	.flush = vmx_flush,
	.get_cpl = vmx_get_cpl,
};
