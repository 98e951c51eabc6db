// Found by fuzz/run.py --strict (seeds 0..49, e.g. seed 2). The lock mode
// chosen at run time and released in the same mode is the pattern the
// checker's docs call clean (README "Definite only"; lit
// mode-conditional-lock.c). Default mode is silent, but strict mode reports
// both unlocks as `unlock of 'rw0', which is held here [rcuctx-unbalanced]`,
// a message that contradicts itself: no path unlocks what is not held
// (the fuzzer's oracle runs both modes and finds the program balanced).
//
// Fixed: strict mode judges an unlock by "held or not", not by which mode
// the (path-joined) state is in.
// RUN: %check -Xclang -verify -Xclang -verify-ignore-unexpected=note -fplugin-arg-rcuctx-strict %s
// expected-no-diagnostics
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/lockdep.h>

rwlock_t rw0;
struct rw_semaphore rs0;
extern int opaque(void);

// rcuctx-entry: process
int rwlock_either_mode(void)
{
	int c = opaque();
	if (c) read_lock(&rw0); else write_lock(&rw0);
	lockdep_assert_held(&rw0);
	if (c) read_unlock(&rw0); else write_unlock(&rw0);
	return 0;
}

// rcuctx-entry: process
int rwsem_either_mode(void)
{
	int c = opaque();
	if (c)
		down_read(&rs0);
	else
		down_write(&rs0);
	lockdep_assert_held(&rs0);
	if (c)
		up_read(&rs0);
	else
		up_write(&rs0);
	return 0;
}
