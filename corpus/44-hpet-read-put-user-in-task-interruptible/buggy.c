// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #44: hpet_read() waits for the timer interrupt with the
 * classic loop -- set_current_state(TASK_INTERRUPTIBLE), look at the data,
 * schedule() -- and leaves it with `break` as soon as data is there, still
 * in TASK_INTERRUPTIBLE. The put_user() that copies the data out comes
 * next, and the state goes back to TASK_RUNNING only at `out:`. put_user()
 * calls might_fault(): a blocking op in a task state set for schedule(),
 * which lockdep's __might_sleep() reports on every such read ("do not call
 * blocking ops when !TASK_RUNNING; state=1 set at ..."), and a fault taken
 * there would block in that state.
 *
 * Found by rcuctx in Linux 6.12's drivers/char/hpet.c (the whole-kernel
 * run, kernel/TRIAGE-rest-6.12.md). No upstream fix is known to us;
 * fixed.c is the change we propose: back to TASK_RUNNING before the copy.
 */
#include <linux/sched.h>
#include <linux/spinlock.h>

#ifndef __user
#define __user
#endif
#define might_fault() __might_fault(__FILE__, __LINE__)
void __might_fault(const char *file, int line);
/* arch/x86/include/asm/uaccess.h: might_fault(), then the store. */
int __put_user_8(unsigned long x, unsigned long __user *ptr);
#define put_user(x, ptr) ({ might_fault(); __put_user_8(x, ptr); })

#define O_NONBLOCK 04000
#define EAGAIN 11
#define ERESTARTSYS 512

struct wait_queue_head { int dummy; };
struct wait_queue_entry { void *private; };
void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);

struct file { unsigned int f_flags; void *private_data; };
struct hpet_dev { struct wait_queue_head hd_waitqueue; unsigned long hd_irqdata; };
static spinlock_t hpet_lock;

long hpet_read(struct file *file, char __user *buf, unsigned long count)
{
	struct wait_queue_entry wait = { current };
	struct hpet_dev *devp = file->private_data;
	unsigned long data;
	long retval;

	add_wait_queue(&devp->hd_waitqueue, &wait);

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);

		spin_lock_irq(&hpet_lock);
		data = devp->hd_irqdata;
		devp->hd_irqdata = 0;
		spin_unlock_irq(&hpet_lock);

		if (data) {
			break;
		} else if (file->f_flags & O_NONBLOCK) {
			retval = -EAGAIN;
			goto out;
		} else if (signal_pending(current)) {
			retval = -ERESTARTSYS;
			goto out;
		}
		schedule();
	}

	retval = put_user(data, (unsigned long __user *)buf); // expected-warning {{'put_user' may block, but the task state is not TASK_RUNNING here}}
	if (!retval)
		retval = sizeof(unsigned long);
out:
	__set_current_state(TASK_RUNNING);
	remove_wait_queue(&devp->hd_waitqueue, &wait);
	return retval;
}
