// rcuctx-irq-safety on rwlocks: a reader in an IRQ handler does not wait
// for readers elsewhere (in an interrupt read_lock() does not queue behind
// a waiting writer), so readers on both sides are fine; a writer with IRQs
// enabled is the bug, and write_lock_irq() its fix. Softirqs run with IRQs
// on: a timer taking a lock an hrtimer takes is the hardirq conflict too.
// RUN: %verify %s
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

struct dev {
	rwlock_t readers_only, written, written_irq_off;
	spinlock_t timer_lock;
	struct hrtimer hrt;
	struct timer_list tmr;
	int v;
};
extern struct dev the_dev;

static enum hrtimer_restart dev_hrtimer(struct hrtimer *t)
{
	read_lock(&the_dev.readers_only);
	read_unlock(&the_dev.readers_only);
	read_lock(&the_dev.written);
	read_unlock(&the_dev.written);
	read_lock(&the_dev.written_irq_off);
	read_unlock(&the_dev.written_irq_off);
	spin_lock(&the_dev.timer_lock);
	spin_unlock(&the_dev.timer_lock);
	return HRTIMER_NORESTART;
}

static void dev_timer(struct timer_list *t)
{
	spin_lock(&the_dev.timer_lock); // expected-warning {{inconsistent lock state: 'the_dev.timer_lock' is acquired with IRQs enabled here, and in hardirq context by 'dev_hrtimer' (an hrtimer callback)}}
	spin_unlock(&the_dev.timer_lock);
}

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	read_lock(&the_dev.readers_only);
	read_unlock(&the_dev.readers_only);
	write_lock(&the_dev.written); // expected-warning {{inconsistent lock state: 'the_dev.written' is acquired with IRQs enabled here, and in hardirq context by 'dev_hrtimer' (an hrtimer callback)}}
	write_unlock(&the_dev.written);
	write_lock_irq(&the_dev.written_irq_off);
	write_unlock_irq(&the_dev.written_irq_off);
	read_lock_bh(&the_dev.readers_only);
	read_unlock_bh(&the_dev.readers_only);
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl };

void dev_init(struct dev *d)
{
	d->hrt.function = dev_hrtimer;
	timer_setup(&d->tmr, dev_timer, 0);
}
