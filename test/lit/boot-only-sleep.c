// Code that runs only while the kernel boots (a rule's `boot`: start_kernel()
// and what it calls before the scheduler runs) may sleep with IRQs off:
// system_state is SYSTEM_BOOTING, __might_resched() is silent, one CPU runs
// and no lock is contended. Linux 6.12's rcu_init() asserts IRQs off (in
// rcutree_report_cpu_starting()) and takes a mutex on the way; check_timer(),
// static and called only by setup_IO_APIC(), takes one under
// local_irq_save(). The static functions whose every use is a call from
// boot code are boot code too (summaries/TuAnalysis.cpp bootOnly()).
// RUN: %verify %debug_config %s
#include <linux/preempt.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>

static struct mutex ioapic_mutex;
static struct mutex kthread_mutex;

static void report_cpu_starting(void)
{
	lockdep_assert_irqs_disabled();
}

static void prepare_cpu(void)
{
	mutex_lock(&kthread_mutex);
	mutex_unlock(&kthread_mutex);
}

void rcu_init(void)
{
	prepare_cpu();
	report_cpu_starting();
}

static void alloc_timer_irq(void)
{
	mutex_lock(&ioapic_mutex);
	mutex_unlock(&ioapic_mutex);
}

static void check_timer(void)
{
	unsigned long flags;

	local_irq_save(flags);
	alloc_timer_irq();
	local_irq_restore(flags);
}

void setup_IO_APIC(void)
{
	check_timer();
}

// The same outside boot code: reported.
void cpu_online(void)
{
	prepare_cpu();
	report_cpu_starting(); // expected-warning {{'report_cpu_starting' requires an IRQs-disabled region, but none is held here}}
}

// Called from boot code and from elsewhere: not boot code.
static void check_timer_shared(void)
{
	unsigned long flags;

	local_irq_save(flags);
	alloc_timer_irq(); // expected-warning {{'alloc_timer_irq' may sleep, but an IRQs-disabled region is held here}}
	local_irq_restore(flags);
}

void trap_init(void)
{
	check_timer_shared();
}

void resume_timer(void)
{
	check_timer_shared();
}

// Its address taken: a pointer may call it from anywhere.
static void check_timer_hook(void)
{
	unsigned long flags;

	local_irq_save(flags);
	alloc_timer_irq(); // expected-warning {{'alloc_timer_irq' may sleep, but an IRQs-disabled region is held here}}
	local_irq_restore(flags);
}

void (*timer_hook)(void) = check_timer_hook;

void time_init(void)
{
	check_timer_hook();
}
