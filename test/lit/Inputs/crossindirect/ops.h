/* The vendor ops table of crossindirect/: generic.c calls through it,
 * vmx.c and svm.c fill it in. */
#include <linux/kvm_host.h>
#include <linux/static_call.h>
#include <linux/string.h>

struct vcpu_ops {
	int (*run)(struct kvm_vcpu *v);
	void (*flush)(struct kvm_vcpu *v);
	int (*get_cpl)(struct kvm_vcpu *v);
};

extern struct vcpu_ops vcpu_ops;
DECLARE_STATIC_CALL(vcpu_ops_run, *(((struct vcpu_ops *)0)->run));
