// A loop path that drops a section to sleep and then needs it again is a
// definite bug even when another path (a `continue` that skips re-taking
// it) makes the loop head's depth uncertain: on every path the need runs at
// the sleep's depth or below, so either the sleep ran inside the section or
// the need runs outside it (issue #19). Versions that re-take before every
// `continue` are in loop-reacquire-clean.c.
// RUN: %verify %s
// RUN: %verify %debug_config %s
// RUN: %check %s 2>&1 | FileCheck %s
// Strict mode reports all of these too (the depth after the skipping path is
// unknown there, the move since the sleep is not), and for the lock the
// unlocks that path reaches without holding it:
// RUN: %check -Xclang -verify=expected,strict -Xclang -verify-ignore-unexpected=note -Xclang -plugin-arg-rcuctx -Xclang strict %s
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/lockdep.h>

struct node { int v; spinlock_t lock; };
struct node __rcu *gp;
extern int cond(int);
static int peek(void) { return rcu_dereference(gp)->v; }

// The example: the early `continue` never re-takes the section.
int skip_with_continue(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			void *p;
			rcu_read_unlock();
			p = kmalloc(16, GFP_KERNEL);
			kfree(p);
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
// CHECK: loop-skip-reacquire.c:[[@LINE-10]]:8: warning: 'peek' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]
// CHECK: loop-skip-reacquire.c:[[@LINE-14]]:4: note: RCU read-side critical section ended here
// CHECK: note: 'peek' reads an RCU-protected pointer with rcu_dereference() here
// CHECK: loop-skip-reacquire.c:[[@LINE-15]]:8: note: 'skip_with_continue' may sleep here: 'kmalloc' with GFP_KERNEL, so it cannot run inside an RCU read-side critical section

// The accessor itself, not through a call.
int skip_accessor(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			rcu_read_unlock();
			kfree(kmalloc(16, GFP_KERNEL));
			s += rcu_dereference(gp)->v; // expected-warning {{rcu_dereference() needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]}}
			if (cond(2))
				continue;
			rcu_read_lock();
		}
	}
	rcu_read_unlock();
	return s;
}

// A yield helper instead of an explicit sleep.
int skip_after_yield(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			rcu_read_unlock();
			cond_resched();
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

// A callee that may sleep at its entry depth is a sleep too.
static void *grab(void) { return kmalloc(32, GFP_KERNEL); }

int skip_after_sleeping_callee(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			rcu_read_unlock();
			kfree(grab());
			if (peek() == 1) // expected-warning {{'peek' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]}}
				continue;
			rcu_read_lock();
		}
	}
	rcu_read_unlock();
	return s;
}

// `break` and `goto retry` leave the loop head precise: found as before.
int skip_with_break(int n)
{
	int i, s = 0;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			rcu_read_unlock();
			kfree(kmalloc(16, GFP_KERNEL));
			if (peek() == 1) // expected-warning {{'peek' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]}}
				break;
			rcu_read_lock();
			continue;
		}
		s += rcu_dereference(gp)->v;
	}
	rcu_read_unlock();
	return s;
}

int skip_with_goto_retry(void)
{
	int s = 0;
retry:
	rcu_read_lock();
	s += rcu_dereference(gp)->v;
	if (cond(s)) {
		rcu_read_unlock();
		kfree(kmalloc(16, GFP_KERNEL));
		if (peek()) // expected-warning {{'peek' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]}}
			goto retry;
		return s;
	}
	rcu_read_unlock();
	return s;
}

// A lock instead of RCU: the assertion after the unlock is definite.
static void need_lock(struct node *nd) { lockdep_assert_held(&nd->lock); }

int skip_lock(struct node *nd, int n)
{
	int i, s = 0;
	spin_lock(&nd->lock);
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			spin_unlock(&nd->lock); // strict-warning {{unlock of 'struct node::lock', which is held or not here [rcuctx-unbalanced]}}
			kfree(kmalloc(16, GFP_KERNEL));
			need_lock(nd); // expected-warning {{'need_lock' requires 'struct node::lock' held, but it is not held here [rcuctx-lock-held]}}
			if (cond(2))
				continue;
			spin_lock(&nd->lock);
			continue;
		}
		s++;
	}
	spin_unlock(&nd->lock); // strict-warning {{unlock of 'struct node::lock', which is held or not here [rcuctx-unbalanced]}}
	return s;
}
