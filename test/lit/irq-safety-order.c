// rcuctx-irq-safety: a dependency from a lock class used in hardirq context
// to one taken with IRQs enabled elsewhere is lockdep's "HARDIRQ-safe ->
// HARDIRQ-unsafe lock order", through one edge or a chain of them.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>

struct dev {
	spinlock_t safe, unsafe, fine;
	struct hrtimer hrt;
};
extern struct dev the_dev;

static enum hrtimer_restart dev_hrtimer(struct hrtimer *t)
{
	spin_lock(&the_dev.safe);
	spin_unlock(&the_dev.safe);
	return HRTIMER_NORESTART;
}

/* safe -> unsafe is the bug; safe -> fine is not ('fine' is never taken
   with IRQs enabled). */
static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	unsigned long flags;

	spin_lock_irqsave(&the_dev.safe, flags);
	spin_lock(&the_dev.unsafe); // expected-warning {{HARDIRQ-safe -> HARDIRQ-unsafe lock order: 'dev_ioctl' acquires 'the_dev.unsafe' while holding 'the_dev.safe'; 'the_dev.safe' is taken in hardirq context by 'dev_hrtimer' (an hrtimer callback), and 'the_dev.unsafe' with IRQs enabled by 'dev_write' (a file_operations method)}}
	spin_unlock(&the_dev.unsafe);
	spin_lock(&the_dev.fine);
	spin_unlock(&the_dev.fine);
	spin_unlock_irqrestore(&the_dev.safe, flags);
	return 0;
}

/* Takes 'unsafe' with IRQs on; 'fine' only with IRQs off. */
static long dev_write(struct file *f, unsigned int cmd, unsigned long arg)
{
	spin_lock(&the_dev.unsafe);
	spin_unlock(&the_dev.unsafe);
	spin_lock_irq(&the_dev.fine);
	spin_unlock_irq(&the_dev.fine);
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl, .compat_ioctl = dev_write };

void dev_init(struct dev *d)
{
	d->hrt.function = dev_hrtimer;
}
// CHECK: irq-safety-order.c:30:2: warning: HARDIRQ-safe -> HARDIRQ-unsafe lock order
// CHECK: note: 'dev_ioctl' acquires 'the_dev.safe' here
// CHECK: note: 'dev_write' is a file_operations method
// CHECK: note: 'dev_write' acquires 'the_dev.unsafe' with 'spin_lock' here, with IRQs enabled
// CHECK: note: 'dev_hrtimer' is an hrtimer callback
