// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #38: with Xen runstate accounting, a vCPU being scheduled
 * out reads the VM's kvmclock from its preempt notifier -- under the
 * runqueue lock, with IRQs off -- and that read takes
 * kvm->arch.pvclock_gtod_sync_lock. The same lock is taken with plain
 * spin_lock(), IRQs enabled, when userspace creates a vCPU. The runqueue
 * lock is also taken by the scheduler tick in hardirq context, so an
 * interrupt arriving while a vCPU-creating task holds the pvclock lock can
 * end up waiting for it through the runqueue lock. Lockdep: "HARDIRQ-safe
 * -> HARDIRQ-unsafe lock order detected", (&rq->lock){-.-.} ->
 * (&kvm->arch.pvclock_gtod_sync_lock){+.+.}.
 *
 * Distilled from a83829f56c7c "KVM: x86: disable interrupts while
 * pvclock_gtod_sync_lock is taken" (Paolo Bonzini, Mar 2021; syzbot
 * "possible deadlock in scheduler_tick").
 */
#include <linux/fs.h>
#include <linux/kvm_host.h>
#include <linux/spinlock.h>

struct task_struct;
struct preempt_notifier;
struct preempt_ops {
	void (*sched_in)(struct preempt_notifier *notifier, int cpu);
	void (*sched_out)(struct preempt_notifier *notifier, struct task_struct *next);
};
struct preempt_notifier { struct preempt_ops *ops; };

struct kvm_arch {
	spinlock_t tsc_write_lock;
	spinlock_t pvclock_gtod_sync_lock;
	int use_master_clock;
	u64 master_kernel_ns;
	int nr_vcpus_matched_tsc;
};
struct kvm_x86 { struct kvm_arch arch; };
struct vcpu {
	struct kvm_x86 *kvm;
	struct preempt_notifier preempt_notifier;
	int xen_runstate_set;
	u64 runstate_entry_time;
};

u64 ktime_get_boottime_ns(void);

/* arch/x86/kvm/x86.c */
static u64 get_kvmclock_ns(struct kvm_x86 *kvm)
{
	struct kvm_arch *ka = &kvm->arch;
	u64 ns;

	spin_lock(&ka->pvclock_gtod_sync_lock);
	if (!ka->use_master_clock) {
		spin_unlock(&ka->pvclock_gtod_sync_lock);
		return ktime_get_boottime_ns();
	}
	ns = ka->master_kernel_ns;
	spin_unlock(&ka->pvclock_gtod_sync_lock);
	return ns;
}

/* arch/x86/kvm/xen.c */
static void kvm_xen_update_runstate(struct vcpu *v)
{
	u64 now = get_kvmclock_ns(v->kvm);

	v->runstate_entry_time = now;
}

/* arch/x86/kvm/xen.h */
static inline void kvm_xen_runstate_set_preempted(struct vcpu *v)
{
	if (v->xen_runstate_set)
		kvm_xen_update_runstate(v);
}

/* arch/x86/kvm/x86.c */
static void kvm_arch_vcpu_put(struct vcpu *v)
{
	kvm_xen_runstate_set_preempted(v);
}

/* virt/kvm/kvm_main.c: called from the scheduler with rq->lock held. */
static void kvm_sched_out(struct preempt_notifier *pn, struct task_struct *next)
{
	struct vcpu *v = container_of(pn, struct vcpu, preempt_notifier);

	kvm_arch_vcpu_put(v); // expected-warning {{HARDIRQ-safe -> HARDIRQ-unsafe lock order: 'kvm_sched_out' acquires 'struct kvm_arch::pvclock_gtod_sync_lock' while holding 'struct rq::__lock'; 'struct rq::__lock' is taken in hardirq context (sched_tick() takes it from the timer interrupt), and 'struct kvm_arch::pvclock_gtod_sync_lock' with IRQs enabled by 'kvm_vm_ioctl' (a file_operations method): an interrupt on the CPU holding the second can wait for the first [rcuctx-irq-safety]}}
}

static struct preempt_ops kvm_preempt_ops = { .sched_out = kvm_sched_out };

/* arch/x86/kvm/x86.c: the vCPU's TSC is matched to the VM's. */
static void kvm_synchronize_tsc(struct vcpu *v)
{
	struct kvm_x86 *kvm = v->kvm;
	unsigned long flags;

	spin_lock_irqsave(&kvm->arch.tsc_write_lock, flags);
	spin_unlock_irqrestore(&kvm->arch.tsc_write_lock, flags);

	spin_lock(&kvm->arch.pvclock_gtod_sync_lock);
	kvm->arch.nr_vcpus_matched_tsc = 0;
	spin_unlock(&kvm->arch.pvclock_gtod_sync_lock);
}

static void kvm_arch_vcpu_postcreate(struct vcpu *v)
{
	kvm_synchronize_tsc(v);
}

static long kvm_vm_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct vcpu *v = filp->private_data;

	kvm_arch_vcpu_postcreate(v);
	return 0;
}

static const struct file_operations kvm_vm_fops = { .unlocked_ioctl = kvm_vm_ioctl };
