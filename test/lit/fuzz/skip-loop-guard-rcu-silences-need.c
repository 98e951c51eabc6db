// Found by fuzz/run.py --loop-skips (seed 165 of 0..299, default mode;
// minimised by fuzz/reduce.py and by hand). A scoped `{ guard(rcu)(); }`
// earlier in a loop body made the checker go silent on a need every
// execution violates, once a `continue` skips re-taking the dropped
// section (issue #19's class): skip_with_guard() and skip_plain() differ
// only in the balanced guard block, which ends before the unlock.
//
// Fixed: in the loop the RCU depth is widened to (-inf, N], and the guard
// remembered what its constructor did only from exact depths, so on the
// widened pass it remembered nothing and its cleanup left the section
// open. The shift is now read from either finite bound, and kept from an
// earlier pass when neither is finite.
// RUN: %verify %s
#include <linux/rcupdate.h>
#include <linux/cleanup.h>

struct foo { int x; };
struct foo __rcu *gp;
extern int opaque(void);

// rcuctx-entry: process
int skip_with_guard(void)
{
	int r = 0;
	rcu_read_lock();
	for (int i = 0; i < 2 && opaque(); i++) {
		{
			guard(rcu)();
		}
		if (opaque()) {
			rcu_read_unlock();
			r += rcu_dereference(gp)->x; // expected-warning {{rcu_dereference() needs an RCU read-side critical section, but none is held here}}
			if (opaque())
				continue;
			rcu_read_lock();
		}
	}
	rcu_read_unlock();
	return r;
}

// rcuctx-entry: process
int skip_plain(void)
{
	int r = 0;
	rcu_read_lock();
	for (int i = 0; i < 2 && opaque(); i++) {
		if (opaque()) {
			rcu_read_unlock();
			r += rcu_dereference(gp)->x; // expected-warning {{rcu_dereference() needs an RCU read-side critical section, but none is held here}}
			if (opaque())
				continue;
			rcu_read_lock();
		}
	}
	rcu_read_unlock();
	return r;
}

// rcuctx-entry: process
int unbalanced_with_guard(void)
{
	int r = 0;
	for (int i = 0; i < 2 && opaque(); i++) {
		{
			guard(rcu)();
		}
		r += rcu_dereference(gp)->x; // expected-warning {{rcu_dereference() needs an RCU read-side critical section, but none is held here}}
		rcu_read_unlock();
	}
	return r;
}

// rcuctx-entry: process
int unbalanced_plain(void)
{
	int r = 0;
	for (int i = 0; i < 2 && opaque(); i++) {
		r += rcu_dereference(gp)->x; // expected-warning {{rcu_dereference() needs an RCU read-side critical section, but none is held here}}
		rcu_read_unlock();
	}
	return r;
}
