// Finding (fuzz --loop-skips, default mode; checker at 2b923dc): a scoped
// `{ guard(rcu)(); }` earlier in the loop body makes the checker go silent on
// a need that every execution violates, once a `continue` skips re-taking the
// dropped section (the class issue #19 is about).
//
// skip_with_guard() and skip_plain() differ only in the guard block, which is
// balanced and ends before the unlock. At run time the rcu_dereference() after
// rcu_read_unlock() runs outside any RCU section on every execution (whether
// the depth after an unbalanced unlock is clamped or goes negative). Default
// mode reports skip_plain() and nothing in skip_with_guard(). unbalanced_plain()
// and unbalanced_with_guard() are the form reduce.py found (seed 165 of
// run.py --seeds 0..299 --loop-skips, 4 definite misses): the same split.
// (Strict mode reports none of the four: see strict-loop-skip-need-after-sleep.c.)
//
//   clang-19 -fsyntax-only -fplugin=build/checker/rcuctx.so -I corpus/include \
//       fuzz/findings/skip-loop-guard-rcu-silences-need.c
// expected: a [rcuctx-rcu-section] warning at each rcu_dereference(); got: only
// in skip_plain() and unbalanced_plain().
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
			r += rcu_dereference(gp)->x; // missed
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
			r += rcu_dereference(gp)->x; // reported
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
		r += rcu_dereference(gp)->x; // missed
		rcu_read_unlock();
	}
	return r;
}

// rcuctx-entry: process
int unbalanced_plain(void)
{
	int r = 0;
	for (int i = 0; i < 2 && opaque(); i++) {
		r += rcu_dereference(gp)->x; // reported
		rcu_read_unlock();
	}
	return r;
}
