// rcuctx-irq-safety and trylocks, as lockdep's mark_usage() has them: a
// trylock taken with IRQs enabled holds the lock with IRQs enabled (an
// interrupt that spins on it deadlocks the CPU all the same), but a trylock
// in interrupt context never spins, so it makes no use there. A trylock
// orders nothing before it (it never waits): no dependency into it.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>

struct dev {
	spinlock_t tick_lock, peek_lock;
	struct hrtimer hrt;
	int v;
};
extern struct dev the_dev;

static enum hrtimer_restart dev_hrtimer(struct hrtimer *t)
{
	spin_lock(&the_dev.tick_lock);
	the_dev.v++;
	spin_unlock(&the_dev.tick_lock);
	if (spin_trylock(&the_dev.peek_lock)) { /* never spins: no hardirq use */
		the_dev.v = 0;
		spin_unlock(&the_dev.peek_lock);
	}
	return HRTIMER_NORESTART;
}

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (spin_trylock(&the_dev.tick_lock)) { // expected-warning {{inconsistent lock state: 'the_dev.tick_lock' is acquired with IRQs enabled here, and in hardirq context by 'dev_hrtimer' (an hrtimer callback)}}
		the_dev.v--;
		spin_unlock(&the_dev.tick_lock);
	}
	spin_lock(&the_dev.peek_lock); /* fine: the hrtimer only trylocks it */
	spin_unlock(&the_dev.peek_lock);
	/* IRQs off, tick_lock (hardirq-safe) held: a trylock of peek_lock
	   (taken with IRQs on above: hardirq-unsafe) adds no dependency
	   tick_lock -> peek_lock, so no safe -> unsafe order either. */
	unsigned long flags;
	spin_lock_irqsave(&the_dev.tick_lock, flags);
	if (spin_trylock(&the_dev.peek_lock))
		spin_unlock(&the_dev.peek_lock);
	spin_unlock_irqrestore(&the_dev.tick_lock, flags);
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl };

void dev_init(struct dev *d)
{
	d->hrt.function = dev_hrtimer;
}
// CHECK: irq-safety-trylock.c:33:6: warning: inconsistent lock state
// CHECK: note: 'dev_ioctl' acquires 'the_dev.tick_lock' with 'spin_trylock' here, with IRQs enabled
// CHECK: note: 'dev_hrtimer' acquires 'the_dev.tick_lock' with 'spin_lock' here, in hardirq context
// CHECK-NOT: warning:
