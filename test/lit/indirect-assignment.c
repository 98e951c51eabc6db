// A function stored by assignment, `x->f = fn` or `x.f = fn`, is a target of
// every call through that member of that struct type (field-based: all
// objects of the type share the slot). Another struct's member of the same
// signature is a different slot.
// RUN: %verify %s
// RUN: %check -Xclang -plugin-arg-rcuctx -Xclang no-indirect %s 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
// OFF-NOT: warning:
#include <linux/kvm_host.h>

struct dev { spinlock_t lock; void (*reset)(struct dev *d); };
struct other { void (*reset)(struct dev *d); };

static void slow_reset(struct dev *d) { msleep(10); }
static void quick_reset(struct dev *d) { }
static void other_reset(struct dev *d) { msleep(10); }

void dev_setup(struct dev *d, struct other *o, int slow)
{
	if (slow)
		d->reset = slow_reset;
	else
		d->reset = quick_reset;
	o->reset = other_reset; /* not a target of dev::reset */
}

static struct dev the_dev;

void dev_setup_static(void)
{
	the_dev.reset = quick_reset;
}

void dev_reset_locked(struct dev *d)
{
	spin_lock(&d->lock);
	d->reset(d); // expected-warning {{'slow_reset' (through 'd->reset', one of 2 functions stored in 'struct dev::reset') may sleep, but spinning lock 'struct dev::lock' is held here [rcuctx-sleep-in-atomic]}}
	spin_unlock(&d->lock);
}
