// The clang-tidy front end reports the lock-order and grace-period checks
// under their own names.
// RUN: %rcuctx_tidy -checks='-*,rcuctx-lock-order,rcuctx-grace-period' %s -- -I%repo/corpus/include 2>&1 | FileCheck %s
#include <linux/mutex.h>
#include <linux/srcu.h>

struct dev { struct mutex a, b; struct srcu_struct srcu; int v; };

void ab(struct dev *d)
{
	mutex_lock(&d->a);
	mutex_lock(&d->b);
	mutex_unlock(&d->b);
	mutex_unlock(&d->a);
}

void ba(struct dev *d)
{
	mutex_lock(&d->b);
	mutex_lock(&d->a);
	mutex_unlock(&d->a);
	mutex_unlock(&d->b);
}

void self(struct dev *d)
{
	int idx = srcu_read_lock(&d->srcu);
	synchronize_srcu(&d->srcu);
	srcu_read_unlock(&d->srcu, idx);
}

// CHECK-DAG: :12:2: warning: possible deadlock: 'ab' acquires 'struct dev::b' while holding 'struct dev::a', and 'ba' acquires 'struct dev::a' while holding 'struct dev::b' [rcuctx-lock-order]
// CHECK-DAG: :28:2: warning: 'self' waits for an SRCU grace period of 'struct dev::srcu' inside a read-side critical section of that domain: the wait never ends [rcuctx-grace-period]
