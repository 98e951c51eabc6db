// A test of a mask of several named bits: Linux 6.12's
// drivers/base/power/runtime.c rpm_suspend() waits for a concurrent
// suspend (schedule()) unless `rpmflags & (RPM_ASYNC | RPM_NOWAIT)`; its
// hrtimer callback pm_suspend_timer_fn() passes RPM_ASYNC. Each bit of the
// mask is a mode, and the test is true where any of them is set
// (dataflow/ModeExprs.h maskModesOf()).
// RUN: %verify %s
#include <linux/hrtimer.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#define RPM_ASYNC	0x01
#define RPM_NOWAIT	0x02
#define RPM_AUTO	0x08

struct dev { spinlock_t lock; int status; struct hrtimer timer; };

static int rpm_suspend(struct dev *dev, int rpmflags)
{
	if (dev->status == 2) {
		if (rpmflags & (RPM_ASYNC | RPM_NOWAIT))
			return -115;
		spin_unlock_irq(&dev->lock);
		schedule();
		spin_lock_irq(&dev->lock);
	}
	return 0;
}

static int rpm_suspend_ne(struct dev *dev, int rpmflags)
{
	if ((rpmflags & (RPM_ASYNC | RPM_NOWAIT)) == 0)
		schedule();
	return 0;
}

static enum hrtimer_restart timer_fn(struct hrtimer *t)
{
	struct dev *dev = (struct dev *)t;
	unsigned long flags;

	spin_lock_irqsave(&dev->lock, flags);
	rpm_suspend(dev, RPM_ASYNC | RPM_AUTO);
	rpm_suspend(dev, RPM_NOWAIT);
	rpm_suspend_ne(dev, RPM_NOWAIT);
	rpm_suspend(dev, RPM_AUTO); // expected-warning {{'rpm_suspend' may sleep, but it is reached from 'timer_fn', which runs in hardirq context}}
	rpm_suspend_ne(dev, 0); // expected-warning {{'rpm_suspend_ne' may sleep, but spinning lock 'struct dev::lock' is held here}}
	spin_unlock_irqrestore(&dev->lock, flags);
	return HRTIMER_NORESTART;
}

void dev_init(struct dev *dev)
{
	dev->timer.function = timer_fn;
}
