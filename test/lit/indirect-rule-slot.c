// A rule naming a slot (an ops member "struct S::f", or a static call's
// trampoline "__SCT__name") decides what a call through it does, before and
// instead of the targets the program stores there.
// RUN: %verify -fplugin-arg-rcuctx-rules=%S/Inputs/slot-rules.yaml %s
// RUN: %verify -DMINI_NO_HAVE_STATIC_CALL -fplugin-arg-rcuctx-rules=%S/Inputs/slot-rules.yaml %s
#include <linux/kvm_host.h>
#include <linux/static_call.h>

struct dev_ops { void (*poll)(void); void (*kick)(void); };
static void quick_poll(void) { }
static void quick_kick(void) { }
static const struct dev_ops ops = { .poll = quick_poll, .kick = quick_kick };
DEFINE_STATIC_CALL(dev_kick, quick_kick);

void locked(spinlock_t *l, const struct dev_ops *o)
{
	spin_lock(l);
	o->poll(); // expected-warning {{'struct dev_ops::poll' may sleep, but spinning lock 'l' is held here}}
	o->kick();
	static_call(dev_kick)(); // expected-warning {{'__SCT__dev_kick' may sleep, but spinning lock 'l' is held here}}
	spin_unlock(l);
}
