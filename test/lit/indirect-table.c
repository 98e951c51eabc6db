// A table of functions (`static int (*handlers[])(...) = { [A] = fa, ... }`,
// KVM's exit-handler tables) is one slot: a call through any element,
// `handlers[reason](vcpu)`, may reach every function stored there, by the
// initializer or by `handlers[i] = fn`.
// RUN: %verify %s
#include <linux/kvm_host.h>

struct vcpu { spinlock_t lock; int reason; };

static int handle_io(struct vcpu *v) { msleep(1); return 1; }
static int handle_hlt(struct vcpu *v) { return 1; }
static int handle_late(struct vcpu *v) { return 0; }

static int (*const exit_handlers[])(struct vcpu *v) = {
	[0] = handle_hlt,
	[3] = handle_io,
};
static int (*late_handlers[4])(struct vcpu *v);

void setup_late(void)
{
	late_handlers[1] = handle_late;
}

int handle_exit_locked(struct vcpu *v)
{
	int r;

	spin_lock(&v->lock);
	r = exit_handlers[v->reason](v); // expected-warning {{'handle_io' (through 'exit_handlers[v->reason]', one of 2 functions stored in 'table 'exit_handlers' (indirect-table.c)') may sleep, but spinning lock 'struct vcpu::lock' is held here [rcuctx-sleep-in-atomic]}}
	r += late_handlers[v->reason](v);
	spin_unlock(&v->lock);
	return r;
}
