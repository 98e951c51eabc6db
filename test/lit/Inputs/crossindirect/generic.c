#include <linux/fs.h>
#include "ops.h"

struct vcpu_ops vcpu_ops;
DEFINE_STATIC_CALL_NULL(vcpu_ops_run, *(((struct vcpu_ops *)0)->run));

void ops_update(const struct vcpu_ops *ops)
{
	memcpy(&vcpu_ops, ops, sizeof(vcpu_ops));
	static_call_update(vcpu_ops_run, vcpu_ops.run);
}

struct x86_vcpu { struct kvm_vcpu vcpu; spinlock_t lock; };

/* The run ioctl forgot kvm_vcpu_srcu_read_lock(): vmx_run() needs it. */
static long vcpu_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct x86_vcpu *xv = f->private_data;
	int cpl;

	spin_lock(&xv->lock);
	cpl = vcpu_ops.get_cpl(&xv->vcpu);
	vcpu_ops.flush(&xv->vcpu);
	spin_unlock(&xv->lock);
	return static_call(vcpu_ops_run)(&xv->vcpu) + cpl;
}

static const struct file_operations vcpu_fops = {
	.unlocked_ioctl = vcpu_ioctl,
};
const struct file_operations *vcpu_fops_p = &vcpu_fops;
