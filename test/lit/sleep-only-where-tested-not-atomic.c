// RUN: %verify %s
// RUN: %verify %debug_config %s
// A sleep the code makes conditional on not being atomic is not a sleep in
// atomic context: `if (!in_atomic() && !irqs_disabled()) msleep(...)`, also
// through a local set once to that test and through might_sleep_if(), as
// i915's intel_guc_send_busy_loop() does (17 sleep-in-atomic findings in
// the whole-kernel run, callers holding spinlocks; it busy-waits there). A
// test of something else, the test's true branch, a local assigned again,
// a sleep after the branch, or a lock the function takes itself is judged
// as before.
#include <linux/compiler.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

struct guc { spinlock_t lock; };
int send_nb(struct guc *g);
void cpu_relax(void);

static inline int send_busy_loop(struct guc *g, int loop)
{
	int err;
	_Bool not_atomic = !in_atomic() && !irqs_disabled();

	might_sleep_if(loop && not_atomic);
retry:
	err = send_nb(g);
	if (unlikely(err == -16 && loop)) {
		if (likely(not_atomic))
			msleep(1);
		else
			cpu_relax();
		goto retry;
	}
	return err;
}

void policy_update(struct guc *g)
{
	spin_lock(&g->lock);
	send_busy_loop(g, 1);
	spin_unlock(&g->lock);
}

/* The test excuses only the caller's context: under a lock this function
 * took, in_atomic() is true and the sleep cannot run, but such code is
 * never written on purpose, and a lock taken inside the branch is a bug. */
void tested_under_own_lock(struct guc *g)
{
	spin_lock(&g->lock);
	if (!in_atomic())
		msleep(1); // expected-warning {{'msleep' may sleep, but spinning lock 'struct guc::lock' is held here}}
	spin_unlock(&g->lock);
}

void tests_something_else(struct guc *g)
{
	spin_lock(&g->lock);
	if (!irqs_disabled())
		msleep(1); // expected-warning {{'msleep' may sleep, but spinning lock 'struct guc::lock' is held here}}
	spin_unlock(&g->lock);
}

void true_branch(struct guc *g)
{
	spin_lock(&g->lock);
	if (in_atomic())
		msleep(1); // expected-warning {{'msleep' may sleep, but spinning lock 'struct guc::lock' is held here}}
	spin_unlock(&g->lock);
}

void assigned_again(struct guc *g, int force)
{
	int ok = !in_atomic();

	if (force)
		ok = 1;
	spin_lock(&g->lock);
	if (ok)
		msleep(1); // expected-warning {{'msleep' may sleep, but spinning lock 'struct guc::lock' is held here}}
	spin_unlock(&g->lock);
}

void after_the_branch(struct guc *g)
{
	spin_lock(&g->lock);
	if (!in_atomic())
		cpu_relax();
	msleep(1); // expected-warning {{'msleep' may sleep, but spinning lock 'struct guc::lock' is held here}}
	spin_unlock(&g->lock);
}

void locked_inside_the_branch(struct guc *g)
{
	if (!in_atomic()) {
		spin_lock(&g->lock);
		msleep(1); // expected-warning {{'msleep' may sleep, but spinning lock 'struct guc::lock' is held here}}
		spin_unlock(&g->lock);
	}
}

static void sleepy(void) { msleep(1); }

void helper_under_the_test(void)
{
	if (!in_atomic())
		sleepy();
}

void helper_untested(void)
{
	sleepy();
}

void caller_of_helpers(struct guc *g)
{
	spin_lock(&g->lock);
	helper_under_the_test();
	helper_untested(); // expected-warning {{'helper_untested' may sleep, but spinning lock 'struct guc::lock' is held here}}
	spin_unlock(&g->lock);
}
