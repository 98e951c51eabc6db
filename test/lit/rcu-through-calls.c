// The requirement travels up through any depth of calls; the diagnostic is
// at the call, with one note per frame down to the accessor.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/rcupdate.h>
#include <linux/sched.h>

struct node { int val; struct node __rcu *next; };
struct node __rcu *head;

static int leaf(void)
{
	return rcu_dereference(head)->val;
}

static int middle(void)
{
	return leaf() + 1;
}

static int top(void)
{
	return middle() * 2;
}

int user(void)
{
	int v;

	rcu_read_lock();
	v = top();
	rcu_read_unlock();
	msleep(10);
	v += top(); // expected-warning {{'top' needs an RCU read-side critical section, but none is held here}}
	return v;
}
// CHECK: warning: 'top' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]
// CHECK: note: RCU read-side critical section ended here
// CHECK: note: 'top' calls 'middle' here
// CHECK: note: 'middle' calls 'leaf' here
// CHECK: note: 'leaf' reads an RCU-protected pointer with rcu_dereference() here
// CHECK: note: 'user' may sleep here: 'msleep', so it cannot run inside an RCU read-side critical section
