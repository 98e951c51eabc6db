// A need reached around a recursion is explained once round it, not as
// many times as the summaries went round the cycle: Linux 6.12's
// drivers/base/power/runtime.c rpm_suspend() and rpm_idle() call each
// other, and the note chain of a sleep under pm_suspend_timer_fn() repeated
// "'rpm_suspend' calls 'rpm_idle'", "'rpm_idle' calls 'rpm_suspend'" five
// times (summaries/CallSite.h dropChainLoops()).
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/sched.h>
#include <linux/timer.h>

struct dev { struct timer_list t; int n; struct dev *parent; };

static int idle(struct dev *d);

static int suspend(struct dev *d)
{
	if (d->parent)
		idle(d->parent);
	if (d->n)
		msleep(1);
	return 0;
}

static int idle(struct dev *d)
{
	return suspend(d);
}

static void timer_fn(struct timer_list *t)
{
	suspend((struct dev *)t);
}

void dev_init(struct dev *d)
{
	timer_setup(&d->t, timer_fn, 0);
}

// CHECK: warning: 'suspend' may sleep, but it is reached from 'timer_fn', which runs in softirq context
// CHECK-NOT: calls 'idle' here
// CHECK: note: 'suspend' may sleep here: 'msleep'
// CHECK-NOT: calls
// CHECK: note: 'timer_fn' is a timer callback
