// Findings are suppressed by check name, in source with NOLINT, or on the
// command line with disable=CHECK.
// RUN: %verify %s
// RUN: %check -fplugin-arg-rcuctx-disable=rcuctx-sleep-in-atomic %s 2>&1 | FileCheck %s --check-prefix=DISABLED --allow-empty
#include <linux/spinlock.h>
#include <linux/slab.h>

struct obj { spinlock_t lock; };

void nolint_named(struct obj *o)
{
	spin_lock(&o->lock);
	kmalloc(8, GFP_KERNEL); // NOLINT(rcuctx-sleep-in-atomic)
	kmalloc(8, GFP_KERNEL); // NOLINT(rcuctx-rcu-section): names another check, so this one stays // expected-warning {{'kmalloc' may sleep}}
	// NOLINTNEXTLINE(rcuctx-*)
	kmalloc(8, GFP_KERNEL);
	kmalloc(8, GFP_KERNEL); // NOLINT
	spin_unlock(&o->lock);
}
// DISABLED-NOT: rcuctx-sleep-in-atomic
