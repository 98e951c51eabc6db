// Two lock classes taken in opposite orders by two functions: lockdep's
// "possible circular locking dependency", reported once, at the first
// dependency, with both chains as notes.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct dev { struct mutex cfg; struct mutex stats; int v; };

void update(struct dev *d)
{
	mutex_lock(&d->cfg);
	mutex_lock(&d->stats); // expected-warning {{possible deadlock: 'update' acquires 'struct dev::stats' while holding 'struct dev::cfg', and 'report' acquires 'struct dev::cfg' while holding 'struct dev::stats' [rcuctx-lock-order]}}
	d->v++;
	mutex_unlock(&d->stats);
	mutex_unlock(&d->cfg);
}

static void read_cfg(struct dev *d)
{
	mutex_lock(&d->cfg);
	d->v--;
	mutex_unlock(&d->cfg);
}

void report(struct dev *d)
{
	mutex_lock(&d->stats);
	read_cfg(d);
	mutex_unlock(&d->stats);
}

// CHECK: warning: possible deadlock: 'update' acquires 'struct dev::stats' while holding 'struct dev::cfg'
// CHECK: note: 'update' acquires 'struct dev::cfg' here
// CHECK: note: 'update' acquires 'struct dev::stats' with 'mutex_lock' here
// CHECK: note: 'report' acquires 'struct dev::stats' here
// CHECK: note: 'report' calls 'read_cfg' here
// CHECK: note: 'read_cfg' acquires 'struct dev::cfg' with 'mutex_lock' here
