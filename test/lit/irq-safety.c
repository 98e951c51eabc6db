// rcuctx-irq-safety: a lock class taken in interrupt context (an hrtimer
// callback, a timer) and elsewhere with that interrupt enabled is
// lockdep's "inconsistent lock state"; taking it with IRQs (BH) disabled
// everywhere else is fine.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

struct dev {
	spinlock_t irq_lock, bh_lock, safe_lock, cond_lock;
	struct hrtimer hrt;
	struct timer_list tmr;
	int v;
};
extern struct dev the_dev;

static void bump(struct dev *d)
{
	spin_lock(&d->irq_lock); // expected-warning {{inconsistent lock state: 'struct dev::irq_lock' is acquired with IRQs enabled here, and in hardirq context by 'dev_hrtimer' (an hrtimer callback): an interrupt that takes it on this CPU deadlocks [rcuctx-irq-safety]}}
	d->v++;
	spin_unlock(&d->irq_lock);
}

static enum hrtimer_restart dev_hrtimer(struct hrtimer *t)
{
	struct dev *d = &the_dev;
	unsigned long flags;

	spin_lock(&d->irq_lock);
	d->v = 0;
	spin_unlock(&d->irq_lock);
	spin_lock_irqsave(&d->safe_lock, flags);
	spin_unlock_irqrestore(&d->safe_lock, flags);
	/* Only when a runtime test says so: no use in hardirq context shown
	   (the analysis does not know when d->v is set), so no finding. */
	if (d->v) {
		spin_lock(&d->cond_lock);
		spin_unlock(&d->cond_lock);
	}
	return HRTIMER_NORESTART;
}

static void dev_timer(struct timer_list *t)
{
	spin_lock(&the_dev.bh_lock);
	the_dev.v = 1;
	spin_unlock(&the_dev.bh_lock);
}

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct dev *d = &the_dev;
	unsigned long flags;

	bump(d); /* IRQs on: the hrtimer may interrupt it */
	spin_lock_bh(&d->bh_lock); /* BH off: the timer cannot run here */
	spin_unlock_bh(&d->bh_lock);
	spin_lock_irqsave(&d->safe_lock, flags); /* IRQs off: fine */
	spin_unlock_irqrestore(&d->safe_lock, flags);
	spin_lock(&d->cond_lock);
	spin_unlock(&d->cond_lock);
	return 0;
}

/* The timer (softirq) takes bh_lock; this path takes it with BH enabled. */
static long dev_read(struct file *f, unsigned int cmd, unsigned long arg)
{
	spin_lock(&the_dev.bh_lock); // expected-warning {{inconsistent lock state: 'the_dev.bh_lock' is acquired with bottom halves enabled here, and in softirq context by 'dev_timer' (a timer callback)}}
	spin_unlock(&the_dev.bh_lock);
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl, .compat_ioctl = dev_read };

void dev_init(struct dev *d)
{
	d->hrt.function = dev_hrtimer;
	timer_setup(&d->tmr, dev_timer, 0);
}
// CHECK: irq-safety.c:22:2: warning: inconsistent lock state
// CHECK: note: 'dev_ioctl' is a file_operations method: entered in process context with no locks held
// CHECK: note: 'dev_ioctl' calls 'bump' here, with IRQs enabled
// CHECK: note: 'dev_hrtimer' is an hrtimer callback: entered in hardirq context
// CHECK: note: 'dev_hrtimer' acquires 'struct dev::irq_lock' with 'spin_lock' here, in hardirq context
