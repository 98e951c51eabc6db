// synchronize_srcu() inside a read-side critical section of the same
// domain waits for itself: reported where the wait is, directly or through
// calls. Another domain's reader, or the reader ended first, is fine.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/srcu.h>

struct srcu_struct dom_a, dom_b;

void wait_inside(void)
{
	int idx = srcu_read_lock(&dom_a);
	synchronize_srcu(&dom_a); // expected-warning {{'wait_inside' waits for an SRCU grace period of 'dom_a' inside a read-side critical section of that domain: the wait never ends [rcuctx-grace-period]}}
	srcu_read_unlock(&dom_a, idx);
}

static void flush_a(void)
{
	synchronize_srcu(&dom_a);
}

void wait_through_call(void)
{
	int idx = srcu_read_lock(&dom_a);
	flush_a(); // expected-warning {{'wait_through_call' calls a function that waits for an SRCU grace period of 'dom_a' inside a read-side critical section of that domain}}
	srcu_read_unlock(&dom_a, idx);
}

void other_domain(void)
{
	int idx = srcu_read_lock(&dom_b);
	synchronize_srcu(&dom_a);
	srcu_read_unlock(&dom_b, idx);
}

void after_unlock(void)
{
	int idx = srcu_read_lock(&dom_a);
	srcu_read_unlock(&dom_a, idx);
	flush_a();
}

// CHECK: warning: 'wait_through_call' calls a function that waits
// CHECK: note: SRCU read-side critical section on 'dom_a' begins here
// CHECK: note: 'wait_through_call' calls 'flush_a' here
// CHECK: note: 'flush_a' waits for the readers of SRCU domain 'dom_a' with 'synchronize_srcu' here
