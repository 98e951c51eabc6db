// A call that may block after set_current_state() set a sleeping task
// state, before schedule() or __set_current_state(TASK_RUNNING), is what
// __might_sleep() reports at run time ("do not call blocking ops when
// !TASK_RUNNING"): reported where it is, directly or through calls.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
// RUN: %check -fplugin-arg-rcuctx-strict %s 2>&1 | FileCheck %s --check-prefix=STRICT
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>

struct waiter { struct mutex lock; int done; };

void direct(struct waiter *w)
{
	set_current_state(TASK_INTERRUPTIBLE);
	mutex_lock(&w->lock); // expected-warning {{'mutex_lock' may block, but the task state is not TASK_RUNNING here [rcuctx-blocking-state]}}
	mutex_unlock(&w->lock);
	schedule();
}
// CHECK: blocking-state.c:[[@LINE-4]]:2: warning: 'mutex_lock' may block, but the task state is not TASK_RUNNING here [rcuctx-blocking-state]
// CHECK: blocking-state.c:[[@LINE-6]]:2: note: task state set here; it stays set until schedule() or __set_current_state(TASK_RUNNING)

static int check_done(struct waiter *w)
{
	void *p = kmalloc(16, GFP_KERNEL);
	kfree(p);
	return w->done;
}

void wait_loop(struct waiter *w)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (check_done(w)) // expected-warning {{'check_done' may block, but the task state is not TASK_RUNNING here}}
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}
// CHECK: blocking-state.c:[[@LINE-6]]:7: warning: 'check_done' may block
// CHECK: note: 'check_done' may sleep here: 'kmalloc' with GFP_KERNEL

/* Reset first: fine. */
void reset_then_lock(struct waiter *w)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (!w->done)
		schedule();
	__set_current_state(TASK_RUNNING);
	mutex_lock(&w->lock);
	mutex_unlock(&w->lock);
}

/* schedule() is the block the state was set for; it runs again after. */
void schedule_then_lock(struct waiter *w)
{
	set_current_state(TASK_KILLABLE);
	schedule();
	mutex_lock(&w->lock);
	mutex_unlock(&w->lock);
}

/* A reschedule point keeps the state and does not block in it. */
void resched_in_state(struct waiter *w)
{
	set_current_state(TASK_INTERRUPTIBLE);
	cond_resched();
	schedule();
}

/* An allocation that cannot sleep is no blocking op. */
void atomic_alloc_in_state(void)
{
	void *p;
	set_current_state(TASK_INTERRUPTIBLE);
	p = kmalloc(16, GFP_ATOMIC);
	kfree(p);
	schedule();
}

/* The state set by a helper travels out of it. */
static void prepare(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
}

void set_by_helper(struct waiter *w)
{
	prepare();
	mutex_lock(&w->lock); // expected-warning {{'mutex_lock' may block, but the task state is not TASK_RUNNING here}}
	mutex_unlock(&w->lock);
	schedule();
}

/* Set on one path only: not definite (strict mode reports it where the
   other path is known to run, not where it is as the caller had it). */
void set_on_one_path(struct waiter *w)
{
	__set_current_state(TASK_RUNNING);
	if (w->done)
		set_current_state(TASK_INTERRUPTIBLE);
	mutex_lock(&w->lock);
	mutex_unlock(&w->lock);
	__set_current_state(TASK_RUNNING);
}
// STRICT: blocking-state.c:[[@LINE-4]]:2: warning: 'mutex_lock' may block, but the task state is perhaps not TASK_RUNNING here [rcuctx-blocking-state]

/* A caller's requirement: a function that blocks at entry, called in a set state. */
static void lock_it(struct waiter *w)
{
	mutex_lock(&w->lock);
	mutex_unlock(&w->lock);
}

static void two_levels(struct waiter *w)
{
	lock_it(w);
}

void through_two_calls(struct waiter *w)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	two_levels(w); // expected-warning {{'two_levels' may block, but the task state is not TASK_RUNNING here}}
	schedule();
}
// CHECK: blocking-state.c:[[@LINE-3]]:2: warning: 'two_levels' may block
// CHECK: note: task state set here
// CHECK: note: 'two_levels' calls 'lock_it' here
// CHECK: note: 'lock_it' may sleep here: 'mutex_lock'

/* The fix of "KVM: x86/xen: Fix kvm_xen_has_interrupt() sleeping in
   kvm_vcpu_block()": test the state before the blocking op. */
int guarded(struct waiter *w)
{
	if (in_atomic() || !task_is_running(current))
		return 1;
	mutex_lock(&w->lock);
	mutex_unlock(&w->lock);
	return 0;
}

void calls_guarded(struct waiter *w)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (!guarded(w))
		schedule();
	__set_current_state(TASK_RUNNING);
}

/* Only the edge where the test failed is known blocked. */
void wrong_way_round(struct waiter *w)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (task_is_running(current))
		return;
	mutex_lock(&w->lock); // expected-warning {{'mutex_lock' may block, but the task state is not TASK_RUNNING here}}
	mutex_unlock(&w->lock);
}

/* A test of another task's state says nothing of ours. */
extern struct task_struct *other_task;
void tests_another_task(struct waiter *w)
{
	if (!task_is_running(other_task))
		return;
	mutex_lock(&w->lock);
	mutex_unlock(&w->lock);
}
