// RUN: %verify %s
// vfree() sleeps only outside interrupt context: in_interrupt() (softirq,
// hardirq, or bottom halves disabled) makes it defer to vfree_atomic(). From
// an RCU callback (softirq) or under local_bh_disable() it is fine (6.12's
// thread_stack_free_rcu() and rps_dev_flow_table_release(): false alarms in
// the whole-kernel run); under a spinlock in process context it may sleep.
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/preempt.h>

void vfree(const void *addr); /* rules: sleep, outside_interrupt */

struct vm_stack { struct rcu_head rcu; void *stack; spinlock_t lock; };

static void thread_stack_free_rcu(struct rcu_head *rh)
{
	struct vm_stack *vm = container_of(rh, struct vm_stack, rcu);

	vfree(vm->stack);
}

void free_stack(struct vm_stack *vm)
{
	call_rcu(&vm->rcu, thread_stack_free_rcu);
}

void free_stack_bh(struct vm_stack *vm)
{
	local_bh_disable();
	vfree(vm->stack);
	local_bh_enable();
}

void free_stack_locked(struct vm_stack *vm)
{
	spin_lock(&vm->lock);
	vfree(vm->stack); // expected-warning {{'vfree' may sleep, but spinning lock 'struct vm_stack::lock' is held here}}
	spin_unlock(&vm->lock);
}
