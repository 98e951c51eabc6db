// RUN: %verify %s
// A user access sleeps only to fault the page in. Under pagefault_disable()
// it fails with -EFAULT instead, and __might_fault() returns early when
// pagefault_disabled(): 6.12's copy_fpstate_to_sigframe() and
// __fpu_restore_sig() (arch/x86/kernel/fpu/signal.c) copy the FPU state to
// and from the signal frame under fpregs_lock() (local_bh_disable()) with
// page faults disabled, resolving a fault after fpregs_unlock(): two
// whole-kernel "may sleep, but an RCU-bh read-side critical section is held
// here", false. Outside pagefault_disable(), or after pagefault_enable(),
// the same access still may sleep; other sleeps still do under it.
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/sched.h>

void pagefault_disable(void);
void pagefault_enable(void);
void msleep(unsigned int ms);

struct fpstate { char regs[512]; };

static int save_to_frame(void __user *buf, struct fpstate *fp)
{
	return copy_to_user(buf, fp->regs, sizeof(fp->regs)) ? -14 : 0;
}

int save_sigframe(void __user *buf, struct fpstate *fp)
{
	int ret;

retry:
	local_bh_disable();
	pagefault_disable();
	ret = save_to_frame(buf, fp);
	pagefault_enable();
	local_bh_enable();
	if (ret)
		goto retry;
	return 0;
}

int save_faults_enabled(void __user *buf, struct fpstate *fp)
{
	int ret;

	local_bh_disable();
	ret = save_to_frame(buf, fp); // expected-warning {{'save_to_frame' may sleep, but an RCU-bh read-side critical section is held here}}
	local_bh_enable();
	return ret;
}

int save_after_enable(void __user *buf, struct fpstate *fp)
{
	int ret;

	local_bh_disable();
	pagefault_disable();
	pagefault_enable();
	ret = save_to_frame(buf, fp); // expected-warning {{'save_to_frame' may sleep, but an RCU-bh read-side critical section is held here}}
	local_bh_enable();
	return ret;
}

int other_sleep_under_it(void)
{
	local_bh_disable();
	pagefault_disable();
	msleep(1); // expected-warning {{'msleep' may sleep, but an RCU-bh read-side critical section is held here}}
	pagefault_enable();
	local_bh_enable();
	return 0;
}

/* Nor is it a blocking op in a task state set for schedule(): under
 * pagefault_disable() __might_fault() returns before __might_sleep()'s
 * check. Outside it, it is one. */
int peek_while_waiting(void __user *buf, struct fpstate *fp)
{
	unsigned long left;

	set_current_state(TASK_INTERRUPTIBLE);
	pagefault_disable();
	left = copy_to_user(buf, fp->regs, sizeof(fp->regs));
	pagefault_enable();
	if (left) {
		__set_current_state(TASK_RUNNING);
		return -14;
	}
	schedule();
	return 0;
}

int copy_while_waiting(void __user *buf, struct fpstate *fp)
{
	unsigned long left;

	set_current_state(TASK_INTERRUPTIBLE);
	left = copy_to_user(buf, fp->regs, sizeof(fp->regs)); // expected-warning {{'copy_to_user' may block, but the task state is not TASK_RUNNING here}}
	schedule();
	return left ? -14 : 0;
}
