#include "ops.h"

static int svm_run(struct kvm_vcpu *v)
{
	return v->vcpu_id;
}

static int svm_get_cpl(struct kvm_vcpu *v)
{
	return 0;
}

struct vcpu_ops svm_ops = {
	svm_run,
	0,
	svm_get_cpl,
};
