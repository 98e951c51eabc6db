// rcuctx-irq-safety: an interrupt handler uses a class in interrupt context
// only where it takes it on a path with no runtime test on the way -- or
// on every path all the same: a timer that read- or write-locks one rwlock,
// the mode chosen at run time, takes it whichever branch runs. One that
// takes a lock on one branch only shows no such use.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/fs.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

struct dev {
	rwlock_t table_lock;
	spinlock_t stat_lock;
	struct timer_list tmr;
	int v, mode;
};
extern struct dev the_dev;

static void dev_timer(struct timer_list *t)
{
	if (the_dev.mode)
		read_lock(&the_dev.table_lock);
	else
		write_lock(&the_dev.table_lock);
	the_dev.v++;
	if (the_dev.mode)
		read_unlock(&the_dev.table_lock);
	else
		write_unlock(&the_dev.table_lock);
	/* Only when a runtime test says so: no use in softirq context shown. */
	if (the_dev.v > 10) {
		spin_lock(&the_dev.stat_lock);
		the_dev.v = 0;
		spin_unlock(&the_dev.stat_lock);
	}
}

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	write_lock(&the_dev.table_lock); // expected-warning {{inconsistent lock state: 'the_dev.table_lock' is acquired with bottom halves enabled here, and in softirq context by 'dev_timer' (a timer callback)}}
	the_dev.v = 0;
	write_unlock(&the_dev.table_lock);
	spin_lock(&the_dev.stat_lock);
	the_dev.v = 1;
	spin_unlock(&the_dev.stat_lock);
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl };

void dev_init(struct dev *d)
{
	timer_setup(&d->tmr, dev_timer, 0);
}
// CHECK: irq-safety-every-path.c:41:2: warning: inconsistent lock state
// CHECK-NOT: warning:
