// RUN: %verify %s
// RTNL as the rules know it (rules/17-net.yaml): rtnl_mutex, static in
// net/core/rtnetlink.c, is taken by rtnl_lock(), rtnl_lock_killable() on 0,
// rtnl_trylock() on true, and dropped by rtnl_unlock(), all defined there;
// rtnl_dereference() is rcu_dereference_protected(p, lockdep_rtnl_is_held()),
// a predicate naming the lock by its class (`lock_class:`). So a function
// reading with rtnl_dereference() needs RTNL from its callers, and a
// pointer read under RCU from a field rtnl_dereference() reads here stays
// valid while RTNL is held (net/ipv4/fib_frontend.c).
#include <linux/rtnetlink.h>
#include <linux/spinlock.h>

struct ifa { struct ifa __rcu *next; int local; };
struct indev { struct ifa __rcu *list; };
spinlock_t stats_lock;

static int count(struct indev *d)
{
	int n = 0;
	struct ifa *a;

	for (a = rtnl_dereference(d->list); a; a = rtnl_dereference(a->next))
		n++;
	return n;
}

static int first_local(struct indev *d)
{
	struct ifa *a;

	rcu_read_lock();
	a = rcu_dereference(d->list);
	rcu_read_unlock();
	return a ? a->local : -1;
}

int locked(struct indev *d)
{
	int n;

	rtnl_lock();
	n = count(d) + first_local(d);
	rtnl_unlock();
	return n;
}

int killable(struct indev *d)
{
	int n;

	if (rtnl_lock_killable())
		return -4;
	n = count(d);
	rtnl_unlock();
	return n;
}

int trylock(struct indev *d)
{
	int n;

	if (!rtnl_trylock())
		return -11;
	n = first_local(d);
	rtnl_unlock();
	return n;
}

int unlocked(struct indev *d)
{
	rtnl_lock();
	rtnl_unlock();
	return count(d) + // expected-warning {{'count' needs 'rtnl_mutex' held, but it is not held here}}
	       first_local(d); // expected-warning {{'first_local' uses a pointer read under RCU after its read-side critical section ended, relying on 'rtnl_mutex' to keep it stable, but it is not held here}}
}

void under_spinlock(void)
{
	spin_lock(&stats_lock);
	rtnl_lock(); // expected-warning {{'rtnl_lock' may sleep, but spinning lock 'stats_lock' is held here}}
	rtnl_unlock(); // expected-warning {{'rtnl_unlock' may sleep, but spinning lock 'stats_lock' is held here}}
	spin_unlock(&stats_lock);
}

int leaks(struct indev *d)
{
	rtnl_lock();
	if (!d)
		return -22; // expected-warning {{returns with 'rtnl_mutex' held on this path but not on others}}
	rtnl_unlock();
	return 0;
}
