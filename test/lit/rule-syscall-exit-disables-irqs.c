// RUN: %verify %s
// syscall_exit_to_user_mode() returns with IRQs disabled (its kernel-doc;
// the body is in kernel/entry/common.c): rules/10-kernel-core.yaml. 6.12's
// __do_fast_syscall_32() (arch/x86/entry/common.c) returns false with IRQs
// off by its own local_irq_disable() and true with them off through
// syscall_exit_to_user_mode(), and do_fast_syscall_32() returns at once on
// false: a whole-kernel "returns with an IRQs-disabled region held on this
// path but not on others" there, false. A success path without it is still
// reported.
#include <linux/preempt.h>

struct pt_regs { long ax; };
void syscall_exit_to_user_mode(struct pt_regs *regs);
void irqentry_exit_to_user_mode(struct pt_regs *regs);
int get_user_arg(struct pt_regs *regs);
void do_syscall(struct pt_regs *regs);
int sysret_ok(struct pt_regs *regs);

static int __fast_syscall(struct pt_regs *regs)
{
	if (get_user_arg(regs)) {
		regs->ax = -14;
		local_irq_disable();
		irqentry_exit_to_user_mode(regs);
		return 0;
	}
	do_syscall(regs);
	syscall_exit_to_user_mode(regs);
	return 1;
}

int fast_syscall(struct pt_regs *regs)
{
	if (!__fast_syscall(regs))
		return 0;
	return sysret_ok(regs);
}

static int __fast_syscall_forgets(struct pt_regs *regs)
{
	if (get_user_arg(regs)) {
		regs->ax = -14;
		local_irq_disable();
		irqentry_exit_to_user_mode(regs);
		return 0;
	}
	do_syscall(regs);
	return 1;
}

int fast_syscall_forgets(struct pt_regs *regs)
{
	if (!__fast_syscall_forgets(regs))
		return 0; // expected-warning {{returns with an IRQs-disabled region held on this path but not on others}}
	return sysret_ok(regs);
}
