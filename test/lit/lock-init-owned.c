// A lock initialised on a path (spin_lock_init(), mutex_init(), or a callee
// that does) belongs to an object under construction that no other thread
// can reach yet: until it is taken and dropped, what needs it is met on that
// path. KVM's kvm_vm_ioctl_create_vcpu() runs kvm_arch_vcpu_create() on a
// vCPU whose mutex kvm_vcpu_init() just initialised; a helper reached from
// there asserts the mutex (get_vmcs12()). An object that is not fresh still
// needs its lock.
// RUN: %verify %s
// RUN: %verify -Xclang -plugin-arg-rcuctx -Xclang strict %s
#include <linux/kvm_host.h>

struct vc { struct mutex mutex; spinlock_t lock; int x; };

static void need_mutex(struct vc *v) { lockdep_assert_held(&v->mutex); v->x++; }
static void need_lock(struct vc *v) { lockdep_assert_held(&v->lock); v->x++; }
static void vc_init(struct vc *v) { mutex_init(&v->mutex); v->x = 0; }

// rcuctx-entry: process
int vc_create(struct vc *v)
{
	vc_init(v);
	need_mutex(v);
	spin_lock_init(&v->lock);
	need_lock(v);
	return 0;
}

// rcuctx-entry: process
int vc_use(struct vc *v)
{
	need_mutex(v); // expected-warning {{'need_mutex' requires 'struct vc::mutex' held, but it is not held here}}
	return 0;
}

/* Once taken and dropped, it is an ordinary lock again. */
// rcuctx-entry: process
int vc_create_publish(struct vc *v)
{
	mutex_init(&v->mutex);
	mutex_lock(&v->mutex);
	need_mutex(v);
	mutex_unlock(&v->mutex);
	need_mutex(v); // expected-warning {{'need_mutex' requires 'struct vc::mutex' held, but it is not held here}}
	return 0;
}

/* Initialised on one path only: the other still needs it. */
// rcuctx-entry: process
int vc_maybe_init(struct vc *v, int fresh)
{
	if (fresh)
		mutex_init(&v->mutex);
	need_mutex(v);
	return 0;
}
