// Found by fuzz/run.py (seeds 15, 19, 22, 47 of 0..49; minimised by
// fuzz/reduce.py). A callee needs the same thing (an RCU or SRCU section, a
// lock for a lockdep condition) at two points, once with nothing else held
// and once inside another region (a spinlock, preempt_disable(), another SRCU
// domain, a mutex). Reached from an entry declared `process`, neither need
// can be met on any path, and the oracle sees both violated on every
// execution; the checker reports nothing. With one of the two accessors
// alone, or with the same callee reached after a sleep instead of from the
// entry, the finding is there.
//
// Fixed: the entry check and the lifting of a callee's needs counted
// obligations per requirement where they meant mode partitions; two sites of
// one requirement in one partition looked like a partial one and were dropped.
// RUN: %verify %s
#include <linux/rcupdate.h>
#include <linux/srcu.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>

struct foo { int x; };
struct foo __rcu *gp;
struct srcu_struct ss0, ss1;
spinlock_t sl1;
struct mutex mx0;
struct rw_semaphore rs0;
extern int opaque(void);

static int rcu_twice(void)
{
	int r = rcu_dereference(gp)->x;
	spin_lock(&sl1);
	r += rcu_dereference(gp)->x;
	spin_unlock(&sl1);
	return r;
}

// rcuctx-entry: process
int rcu_root(void)
{
	return rcu_twice(); // expected-warning {{'rcu_twice' needs an RCU read-side critical section, but none is held here}}
}

static int srcu_twice(void)
{
	int r = srcu_dereference(gp, &ss1)->x;
	int idx = srcu_read_lock(&ss0);
	r += srcu_dereference(gp, &ss1)->x;
	srcu_read_unlock(&ss0, idx);
	return r;
}

// rcuctx-entry: process
int srcu_root(void)
{
	return srcu_twice(); // expected-warning {{'srcu_twice' needs an SRCU read-side critical section on 'ss1', but none is held here}}
}

/* seed 15: a conditional assertion, then a protected read under another lock */
static int cond_twice(void)
{
	int r = 0;
	if (opaque())
		lockdep_assert_held(&mx0);
	down_read(&rs0);
	r += rcu_dereference_protected(gp, lockdep_is_held(&mx0))->x;
	up_read(&rs0);
	return r;
}

// rcuctx-entry: process
int cond_root(void)
{
	return cond_twice(); // expected-warning-re {{'cond_twice' {{requires|needs}} 'mx0' held, but it is not held here}}
}
