// rcuctx-irq-safety places an inconsistent lock state where the code being
// checked takes the lock: a scoped_guard()'s lock call is in spinlock.h
// (the guard's constructor), but the _irqsave goes on the guard's line.
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/cleanup.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>

struct dev {
	spinlock_t lock;
	struct hrtimer hrt;
	int v;
};
extern struct dev the_dev;

static enum hrtimer_restart dev_hrtimer(struct hrtimer *t)
{
	spin_lock(&the_dev.lock);
	the_dev.v = 0;
	spin_unlock(&the_dev.lock);
	return HRTIMER_NORESTART;
}

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	scoped_guard(spinlock, &the_dev.lock) {
		the_dev.v++;
	}
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl };

void dev_init(struct dev *d)
{
	d->hrt.function = dev_hrtimer;
}
// CHECK: irq-safety-guard-site.c:27:2: warning: inconsistent lock state: 'the_dev.lock' is acquired with IRQs enabled here
// CHECK: note: 'dev_ioctl' calls 'class_spinlock_constructor' here
// CHECK: spinlock.h:{{[0-9]+}}:{{[0-9]+}}: note: 'class_spinlock_constructor' acquires '$0' with 'spin_lock' here
// CHECK-NOT: warning:
