// The clang-tidy front end reports rcuctx-irq-safety under its own name.
// RUN: %rcuctx_tidy -checks='-*,rcuctx-irq-safety' %s -- -I%repo/corpus/include 2>&1 | FileCheck %s
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>

struct dev { spinlock_t lock; struct hrtimer hrt; int v; };
extern struct dev the_dev;

static enum hrtimer_restart dev_hrtimer(struct hrtimer *t)
{
	spin_lock(&the_dev.lock);
	spin_unlock(&the_dev.lock);
	return HRTIMER_NORESTART;
}

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	spin_lock(&the_dev.lock);
	spin_unlock(&the_dev.lock);
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl };

void dev_init(struct dev *d) { d->hrt.function = dev_hrtimer; }

// CHECK: :19:2: warning: inconsistent lock state: 'the_dev.lock' is acquired with IRQs enabled here, and in hardirq context by 'dev_hrtimer' (an hrtimer callback): an interrupt that takes it on this CPU deadlocks [rcuctx-irq-safety]
