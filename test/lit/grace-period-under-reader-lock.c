// A grace-period wait under a lock that a reader of the domain takes inside
// its section: the reader waits for the lock, the lock's holder waits for
// the reader (the shape of "KVM: x86: fix deadlock for
// KVM_XEN_EVTCHN_RESET"). SRCU readers never wait for one another, so a
// reader taken under the lock is no cycle.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/mutex.h>
#include <linux/srcu.h>

struct vm { struct mutex lock; struct mutex other; struct srcu_struct srcu; int n; };

void reset(struct vm *v)
{
	mutex_lock(&v->lock);
	v->n = 0;
	synchronize_srcu(&v->srcu); // expected-warning {{possible deadlock: 'reset' waits for the readers of SRCU domain 'struct vm::srcu' while holding 'struct vm::lock', and 'deliver' acquires 'struct vm::lock' inside a read-side critical section of SRCU domain 'struct vm::srcu' (a grace period waits for every reader) [rcuctx-grace-period]}}
	mutex_unlock(&v->lock);
}

static void set_event(struct vm *v)
{
	mutex_lock(&v->lock);
	v->n++;
	mutex_unlock(&v->lock);
}

void deliver(struct vm *v)
{
	int idx = srcu_read_lock(&v->srcu);
	set_event(v);
	srcu_read_unlock(&v->srcu, idx);
}

// Readers under a lock, and that lock inside readers: no wait between them.
void reader_under_other(struct vm *v)
{
	mutex_lock(&v->other);
	int idx = srcu_read_lock(&v->srcu);
	v->n++;
	srcu_read_unlock(&v->srcu, idx);
	mutex_unlock(&v->other);
}

void other_inside_reader(struct vm *v)
{
	int idx = srcu_read_lock(&v->srcu);
	mutex_lock(&v->other);
	v->n--;
	mutex_unlock(&v->other);
	srcu_read_unlock(&v->srcu, idx);
}

// CHECK: warning: possible deadlock: 'reset' waits for the readers
// CHECK: note: 'reset' acquires 'struct vm::lock' here
// CHECK: note: 'reset' waits for the readers of SRCU domain 'struct vm::srcu' with 'synchronize_srcu' here
// CHECK: note: 'deliver' begins an SRCU read-side critical section on 'struct vm::srcu' here
// CHECK: note: 'deliver' calls 'set_event' here
// CHECK: note: 'set_event' acquires 'struct vm::lock' with 'mutex_lock' here
// CHECK-NOT: warning:
