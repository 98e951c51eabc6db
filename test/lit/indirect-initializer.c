// A call through an ops member reaches every function the file stores into
// that member in a struct initializer -- designated, positional, nested in
// another struct, in an array of structs -- and each target's requirements
// are judged as a direct call to it would be, the message naming the target
// and the slot (issue #15). Off with -fplugin-arg-rcuctx-no-indirect.
// RUN: %verify %s
// RUN: %verify %debug_config %s
// RUN: %check -Xclang -plugin-arg-rcuctx -Xclang no-indirect %s 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
// OFF-NOT: warning:
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/kvm_host.h>

struct vcpu { int id; spinlock_t lock; struct kvm *kvm; };

struct vcpu_ops {
	int (*get_cpl)(struct vcpu *v);
	void (*flush)(struct vcpu *v);
	void (*load)(struct vcpu *v);
	void (*put)(struct vcpu *v);
};

static int vmx_get_cpl(struct vcpu *v) { return v->id & 3; }
static void vmx_flush(struct vcpu *v) { kfree(kmalloc(16, GFP_KERNEL)); }
static int svm_get_cpl(struct vcpu *v) { return 0; }
static void svm_flush(struct vcpu *v) { }
static void vmx_load(struct vcpu *v) { mutex_lock(&v->kvm->lock); mutex_unlock(&v->kvm->lock); }
static void svm_put(struct vcpu *v) { might_sleep(); }

/* designated */
static const struct vcpu_ops vmx_ops = { .get_cpl = vmx_get_cpl, .flush = vmx_flush };
/* positional */
static const struct vcpu_ops svm_ops = { svm_get_cpl, svm_flush };

/* nested in another struct */
struct vendor { const char *name; struct vcpu_ops ops; };
static const struct vendor vendors[] = {
	{ "vmx", { .load = vmx_load } },
	{ .name = "svm", .ops.put = svm_put },
};

extern const struct vcpu_ops *cur_ops;

void run_locked(struct vcpu *v)
{
	spin_lock(&v->lock);
	cur_ops->get_cpl(v);
	cur_ops->flush(v); // expected-warning {{'vmx_flush' (through 'cur_ops->flush', one of 2 functions stored in 'struct vcpu_ops::flush') may sleep, but spinning lock 'struct vcpu::lock' is held here [rcuctx-sleep-in-atomic]}}
	cur_ops->load(v); // expected-warning {{'vmx_load' (through 'cur_ops->load', the function stored in 'struct vcpu_ops::load') may sleep, but spinning lock 'struct vcpu::lock' is held here [rcuctx-sleep-in-atomic]}}
	vendors[1].ops.put(v); // expected-warning {{'svm_put' (through 'vendors[1].ops.put', the function stored in 'struct vcpu_ops::put') may sleep, but spinning lock 'struct vcpu::lock' is held here [rcuctx-sleep-in-atomic]}}
	spin_unlock(&v->lock);
}

// CHECK: warning: 'vmx_flush' (through 'cur_ops->flush', one of 2 functions stored in 'struct vcpu_ops::flush') may sleep
// CHECK: note: 'struct vcpu::lock' acquired here
// CHECK: note: 'vmx_flush' may sleep here: 'kmalloc' with GFP_KERNEL
