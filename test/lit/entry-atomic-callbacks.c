// Timer callbacks and RCU callbacks run in softirq context, hrtimer and IRQ
// handlers in hardirq context: a may-sleep requirement reaching them is
// definite. A threaded IRQ handler runs in process context.
// RUN: %verify %s
#include <linux/kvm_host.h>
#include <linux/timer.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>

struct dev { struct kvm *kvm; struct timer_list t; struct hrtimer hr; struct rcu_head rcu; };

static void flush_slots(struct kvm *kvm)
{
	mutex_lock(&kvm->slots_lock);
	kvm->nr_mmu_pages = 0;
	mutex_unlock(&kvm->slots_lock);
}

static void dev_timer(struct timer_list *t)
{
	struct dev *d = container_of(t, struct dev, t);

	flush_slots(d->kvm); // expected-warning {{'flush_slots' may sleep, but it is reached from 'dev_timer', which runs in softirq context}}
}

static void dev_free_rcu(struct rcu_head *head)
{
	struct dev *d = container_of(head, struct dev, rcu);

	kfree(d);
	kmalloc(8, GFP_KERNEL); // expected-warning {{'kmalloc' may sleep, but it is reached from 'dev_free_rcu', which runs in softirq context}}
}

static enum hrtimer_restart dev_hrtimer(struct hrtimer *hr)
{
	msleep(1); // expected-warning {{'msleep' may sleep, but it is reached from 'dev_hrtimer', which runs in hardirq context}}
	return HRTIMER_NORESTART;
}

static irqreturn_t dev_irq(int irq, void *data)
{
	return IRQ_WAKE_THREAD;
}

static irqreturn_t dev_irq_thread(int irq, void *data)
{
	struct dev *d = data;

	flush_slots(d->kvm); /* process context: may sleep */
	return IRQ_HANDLED;
}

void dev_setup(struct dev *d)
{
	timer_setup(&d->t, dev_timer, 0);
	d->hr.function = dev_hrtimer;
	request_threaded_irq(1, dev_irq, dev_irq_thread, 0, "dev", d);
	call_rcu(&d->rcu, dev_free_rcu);
}
