// RUN: %verify %debug_config %s
// Two lock modes needed on one path are a contradiction -- unless one of
// them is needed only under an `if` on runtime state: then the data picks
// the mode, and no contradiction is inferred (Obligation::Conditional).
// 6.12's kernel/events/hw_breakpoint.c takes bp_cpuinfo_sem for write when
// the breakpoint has no target task and for read when it has one
// (bp_constraints_lock()), and its helpers assert the write side
// `if (!bp->hw.target)` and the read side otherwise: seven whole-kernel
// "requires 'bp_cpuinfo_sem' held for write, but ... on the same path
// requires it held for read", false. Both modes needed unconditionally
// are still reported, as is a conditional need the caller's state violates.
#include <linux/mutex.h>
#include <linux/lockdep.h>

struct task_struct;
struct perf_event {
	struct { struct task_struct *target; } hw;
	int cpu;
};

static struct rw_semaphore bp_cpuinfo_sem;
int histogram_max(int cpu);

static int max_task_bp_pinned(int cpu)
{
	lockdep_assert_held_write(&bp_cpuinfo_sem);
	return histogram_max(cpu);
}

static int max_bp_pinned_slots(struct perf_event *bp)
{
	int nr = 0;

	if (!bp->hw.target)
		nr += max_task_bp_pinned(bp->cpu);
	return nr;
}

static int toggle_bp_slot(struct perf_event *bp, int weight)
{
	if (!bp->hw.target) {
		lockdep_assert_held_write(&bp_cpuinfo_sem);
		return weight;
	}
	lockdep_assert_held_read(&bp_cpuinfo_sem);
	return -weight;
}

int reserve_bp_slot(struct perf_event *bp)
{
	int max = max_bp_pinned_slots(bp) + 1;

	return toggle_bp_slot(bp, max);
}

/* Both modes whatever the data: a contradiction. */
static void needs_read(void)
{
	lockdep_assert_held_read(&bp_cpuinfo_sem);
}

void needs_both(void)
{
	lockdep_assert_held_write(&bp_cpuinfo_sem); // expected-warning {{lockdep_assert_held_write() requires 'bp_cpuinfo_sem' held for write, but 'needs_read' on the same path requires it held for read}}
	needs_read(); // expected-warning {{'needs_read' requires 'bp_cpuinfo_sem' held for read, but lockdep_assert_held_write() on the same path requires it held for write}}
}

/* A conditional need the state at the call does not meet. */
void reserve_unlocked(struct perf_event *bp)
{
	down_read(&bp_cpuinfo_sem);
	up_read(&bp_cpuinfo_sem);
	reserve_bp_slot(bp); // expected-warning {{'reserve_bp_slot' requires 'bp_cpuinfo_sem' held for write, but it is not held here}} expected-warning {{'reserve_bp_slot' requires 'bp_cpuinfo_sem' held for read, but it is not held here}}
}

/* A need in both arms of an if on runtime state is needed whatever the data
 * says: the write lock here, on every path (mmu-ref's
 * tdp_mmu_split_huge_page() with shared == false). */
int is_mirror(struct perf_event *bp);
static void link_locked(void)
{
	lockdep_assert_held_write(&bp_cpuinfo_sem);
}

static void split_page(struct perf_event *bp)
{
	if (is_mirror(bp)) {
		lockdep_assert_held_write(&bp_cpuinfo_sem);
		bp->cpu = 0;
	} else {
		link_locked();
	}
}

void split_under_read(struct perf_event *bp)
{
	lockdep_assert_held_read(&bp_cpuinfo_sem); // expected-warning {{lockdep_assert_held_read() requires 'bp_cpuinfo_sem' held for read, but 'split_page' on the same path requires it held for write}}
	split_page(bp); // expected-warning {{'split_page' requires 'bp_cpuinfo_sem' held for write, but lockdep_assert_held_read() on the same path requires it held for read}}
}

/* A callee whose need is already conditional, called in both arms of an
 * if: still conditional (the data in the callee picks the mode), no
 * contradiction with a read hold. */
static int modify_slot(struct perf_event *bp, int w)
{
	if (bp->cpu > 0)
		return toggle_bp_slot(bp, bp->cpu - w);
	else
		return toggle_bp_slot(bp, w - bp->cpu);
}

int modify_task_bp(struct perf_event *bp, int w)
{
	lockdep_assert_held_read(&bp_cpuinfo_sem);
	return modify_slot(bp, w);
}
