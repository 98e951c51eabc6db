// Multi-layer: a call through an ops pointer held in another ops struct,
// `kvm_x86_ops.nested_ops->check_events(vcpu)`, reaches what is stored into
// the inner struct's member (`struct nested_ops::check_events`), whichever
// outer object the pointer came from. Each target is a possibility on some
// host (VMX or SVM): a requirement of one is a finding, naming it.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/kvm_host.h>
#include <linux/fs.h>
#include <kvm/guest_access.h>

struct nested_ops {
	int (*check_events)(struct kvm_vcpu *vcpu);
};
struct x86_ops {
	const char *name;
	struct nested_ops *nested_ops;
};

static int vmx_check_nested_events(struct kvm_vcpu *vcpu)
{
	u64 msr;
	/* Emulating a nested VM-Exit reads L1's MSR-store area: guest memory. */
	return kvm_vcpu_read_guest(vcpu, 0x1000, &msr, sizeof(msr));
}
static int svm_check_nested_events(struct kvm_vcpu *vcpu)
{
	return 0;
}

static struct nested_ops vmx_nested_ops = { .check_events = vmx_check_nested_events };
static struct nested_ops svm_nested_ops = { .check_events = svm_check_nested_events };
static struct x86_ops vmx_x86_ops = { .name = "vmx", .nested_ops = &vmx_nested_ops };
static struct x86_ops svm_x86_ops = { .name = "svm", .nested_ops = &svm_nested_ops };
struct x86_ops kvm_x86_ops;

static long vcpu_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct kvm_vcpu *vcpu = f->private_data;

	return kvm_x86_ops.nested_ops->check_events(vcpu); // expected-warning {{'vmx_check_nested_events' (through 'kvm_x86_ops.nested_ops->check_events', one of 2 functions stored in 'struct nested_ops::check_events') needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here [rcuctx-rcu-section]}}
}

static const struct file_operations vcpu_fops = { .unlocked_ioctl = vcpu_ioctl };
const struct file_operations *vcpu_fops_p = &vcpu_fops;

// CHECK: warning: 'vmx_check_nested_events' (through 'kvm_x86_ops.nested_ops->check_events', one of 2 functions stored in 'struct nested_ops::check_events') needs
// CHECK-NOT: svm_check_nested_events
// CHECK: note: 'vmx_check_nested_events' calls 'kvm_vcpu_read_guest' here
// CHECK: note: 'vcpu_ioctl' is a file_operations method
