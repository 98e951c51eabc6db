// A function that returns at once when a pointer parameter is NULL, before
// doing anything (`if (!vcpu) return size;`), called with NULL there has
// neither its requirements nor its effects: KVM asks the nested state's size
// with `kvm_x86_ops.nested_ops->get_state(NULL, NULL, 0)` from an ioctl that
// holds no vCPU mutex, and vmx_get_nested_state() asserts that mutex only
// past the NULL check. The same call with a real vCPU still needs it.
// RUN: %verify %s
#include <linux/kvm_host.h>

struct vcpu { struct mutex mutex; int state; };
struct nested_ops { int (*get_state)(struct vcpu *v, void *buf, int size); };

static int vmx_get_nested_state(struct vcpu *v, void *buf, int size)
{
	int need = 64;

	if (!v)
		return need;
	lockdep_assert_held(&v->mutex);
	return v->state;
}

static struct nested_ops vmx_nested_ops = { .get_state = vmx_get_nested_state };
extern struct nested_ops *nested_ops;

// rcuctx-entry: process
int check_extension(void)
{
	return nested_ops->get_state(NULL, NULL, 0) + vmx_get_nested_state(NULL, NULL, 0);
}

// rcuctx-entry: process
int get_nested_state(struct vcpu *v, void *buf)
{
	return nested_ops->get_state(v, buf, 64); // expected-warning {{'vmx_get_nested_state' (through 'nested_ops->get_state', the function stored in 'struct nested_ops::get_state') requires 'struct vcpu::mutex' held, but it is not held here}}
}
