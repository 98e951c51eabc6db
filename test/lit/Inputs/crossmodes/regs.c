#include <linux/sched.h>

struct kvm_vcpu;

void load_pdptrs(struct kvm_vcpu *vcpu)
{
	might_sleep();
}
