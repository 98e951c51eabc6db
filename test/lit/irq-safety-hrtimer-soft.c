// RUN: %verify %s
// An hrtimer set up with HRTIMER_MODE_SOFT expires in softirq context, not
// hardirq (rules/30-entry-points.yaml, `by_init:`). 6.12's xfrm_state sets
// its mtimer up with HRTIMER_MODE_ABS_SOFT, and process context takes
// x->lock with spin_lock_bh(): three rcuctx-irq-safety findings ("in
// hardirq context by 'xfrm_timer_handler'") in the whole-kernel run. A soft
// timer's lock taken with bottom halves enabled is still a deadlock, a
// timer set up hard (or both ways, or with a mode not known here) is still
// a hardirq one.
#include <linux/spinlock.h>
#include <linux/hrtimer.h>
#include <linux/fs.h>

struct state {
	spinlock_t lock;
	struct hrtimer mtimer;
};

struct other {
	spinlock_t lock;
	struct hrtimer t;
};

struct mixed {
	spinlock_t lock;
	struct hrtimer t;
};

static enum hrtimer_restart state_timer(struct hrtimer *t)
{
	struct state *x = (struct state *)t;

	spin_lock(&x->lock);
	spin_unlock(&x->lock);
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart other_timer(struct hrtimer *t)
{
	struct other *o = (struct other *)t;

	spin_lock(&o->lock);
	spin_unlock(&o->lock);
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart mixed_timer(struct hrtimer *t)
{
	struct mixed *m = (struct mixed *)t;

	spin_lock(&m->lock);
	spin_unlock(&m->lock);
	return HRTIMER_NORESTART;
}

void state_init(struct state *x)
{
	hrtimer_init(&x->mtimer, CLOCK_BOOTTIME, HRTIMER_MODE_ABS_SOFT);
	x->mtimer.function = state_timer;
}

void other_init(struct other *o)
{
	hrtimer_init(&o->t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	o->t.function = other_timer;
}

void mixed_init(struct mixed *a, struct mixed *b, int mode)
{
	hrtimer_init(&a->t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	a->t.function = mixed_timer;
	hrtimer_init(&b->t, CLOCK_MONOTONIC, mode);
	b->t.function = mixed_timer;
}

/* Process context, a file method, with bottom halves disabled: fine for a soft timer. */
static long state_delete(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct state *x = f->private_data;

	spin_lock_bh(&x->lock);
	spin_unlock_bh(&x->lock);
	return 0;
}

/* Bottom halves enabled: the soft timer may run on this CPU meanwhile. */
static long state_peek(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct state *x = f->private_data;

	spin_lock(&x->lock); // expected-warning {{inconsistent lock state: 'struct state::lock' is acquired with bottom halves enabled here, and in softirq context by 'state_timer' (a softirq hrtimer callback (HRTIMER_MODE_SOFT))}}
	spin_unlock(&x->lock);
	return 0;
}

static long other_delete(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct other *o = f->private_data;

	spin_lock_bh(&o->lock); // expected-warning {{inconsistent lock state: 'struct other::lock' is acquired with IRQs enabled here, and in hardirq context by 'other_timer' (an hrtimer callback)}}
	spin_unlock_bh(&o->lock);
	return 0;
}

static long mixed_delete(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct mixed *m = f->private_data;

	spin_lock_bh(&m->lock); // expected-warning {{inconsistent lock state: 'struct mixed::lock' is acquired with IRQs enabled here, and in hardirq context by 'mixed_timer' (an hrtimer callback)}}
	spin_unlock_bh(&m->lock);
	return 0;
}

static const struct file_operations state_fops = {
	.unlocked_ioctl = state_delete,
	.compat_ioctl = state_peek,
};
static const struct file_operations other_fops = {
	.unlocked_ioctl = other_delete,
	.compat_ioctl = mixed_delete,
};
