// RUN: %verify %s
// Preempt notifiers (struct preempt_ops, as KVM's kvm_sched_in/_out) run
// inside the scheduler with preemption disabled: a callee that may sleep is
// a definite bug there.
#include <linux/mutex.h>
#include <linux/slab.h>

struct preempt_notifier;
struct task_struct;
struct preempt_ops {
	void (*sched_in)(struct preempt_notifier *notifier, int cpu);
	void (*sched_out)(struct preempt_notifier *notifier, struct task_struct *next);
};

struct vcpu { struct mutex mutex; int cpu; };
struct vcpu *to_vcpu(struct preempt_notifier *pn);

static void vcpu_put_state(struct vcpu *v)
{
	mutex_lock(&v->mutex);
	v->cpu = -1;
	mutex_unlock(&v->mutex);
}

static void my_sched_out(struct preempt_notifier *pn, struct task_struct *next)
{
	vcpu_put_state(to_vcpu(pn)); // expected-warning {{'vcpu_put_state' may sleep, but it is reached from 'my_sched_out', which runs in scheduler-out context}}
}

static void my_sched_in(struct preempt_notifier *pn, int cpu)
{
	to_vcpu(pn)->cpu = cpu;
}

static struct preempt_ops my_preempt_ops;

void my_init(void)
{
	my_preempt_ops.sched_in = my_sched_in;
	my_preempt_ops.sched_out = my_sched_out;
}
