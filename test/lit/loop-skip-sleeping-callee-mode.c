// A callee analysed per value of a mode parameter (`bool mirror`) sleeps in
// each of its modes: a call that passes a variable for the mode is a sleep
// on every path too, so a need after it on a loop path that skips re-taking
// the section is still a contradiction (issue #19; found by the mmu-ref
// mutation split-recheck-spte-skips-rcu-relock, where the mode came from a
// local `bool mirror`). A callee that sleeps in one mode only is not a
// sleep on every path when the mode is unknown.
// RUN: %verify %s
#include <linux/rcupdate.h>
#include <linux/slab.h>

struct node { int v; };
struct node __rcu *gp;
extern int cond(int);
extern int pick(void);
static int peek(void) { return rcu_dereference(gp)->v; }

// Sleeps whatever `mirror` is; the second allocation only in one mode.
static void *alloc_both(_Bool mirror)
{
	void *p = kmalloc(16, GFP_KERNEL);
	if (mirror)
		kfree(kmalloc(32, GFP_KERNEL));
	return p;
}

int mode_from_variable(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			_Bool mirror = pick();
			rcu_read_unlock();
			kfree(alloc_both(mirror));
			if (peek() == 1) // expected-warning {{'peek' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]}}
				continue;
			rcu_read_lock();
			continue;
		}
		s += rcu_dereference(gp)->v;
	}
	rcu_read_unlock();
	return s;
}

// Sleeps only when `mirror` is true: with the mode unknown, the paths with
// mirror false never slept, so nothing is definite here.
static void *alloc_one(_Bool mirror)
{
	if (mirror)
		return kmalloc(16, GFP_KERNEL);
	return 0;
}

int mode_sleeps_in_one(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			_Bool mirror = pick();
			rcu_read_unlock();
			kfree(alloc_one(mirror));
			if (peek() == 1)
				continue;
			rcu_read_lock();
			continue;
		}
		s += rcu_dereference(gp)->v;
	}
	rcu_read_unlock();
	return s;
}
