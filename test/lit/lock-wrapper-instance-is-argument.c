// Two elements of one lock array, the first taken through a wrapper that
// takes the lock it is passed, the second nested inside it: Linux 6.12's
// net/netfilter/nf_conntrack_core.c nf_conntrack_double_lock() takes
// nf_conntrack_locks[h2] with nf_conntrack_lock() and then
// spin_lock_nested(&nf_conntrack_locks[h1], SINGLE_DEPTH_NESTING) where
// h1 > h2. The wrapper's instance is its argument's (`&locks[h2]`), not
// the one written last elsewhere in the function; the same element taken
// twice is still reported.
// RUN: %verify %s
#include <linux/spinlock.h>
#define SINGLE_DEPTH_NESTING 1

spinlock_t locks[16];
extern int locks_all;

void wrap_lock(spinlock_t *lock)
{
	spin_lock(lock);
	if (locks_all) {
		spin_unlock(lock);
		spin_lock(lock);
	}
}

void double_lock(unsigned int h1, unsigned int h2)
{
	if (h1 <= h2) {
		wrap_lock(&locks[h1]);
		if (h1 != h2)
			spin_lock_nested(&locks[h2], SINGLE_DEPTH_NESTING);
	} else {
		wrap_lock(&locks[h2]);
		spin_lock_nested(&locks[h1], SINGLE_DEPTH_NESTING);
	}
}

void same_twice(unsigned int h1)
{
	wrap_lock(&locks[h1]);
	spin_lock(&locks[h1]); // expected-warning {{'locks[]' is already held here [rcuctx-unbalanced]}}
	spin_unlock(&locks[h1]);
}
