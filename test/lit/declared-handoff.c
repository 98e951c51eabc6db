// RUN: %verify %s
// A function whose declaration says it acquires or releases a context
// (`__acquires(RCU)`, as mac80211's ibss helpers are) leaves it changed on
// purpose: no imbalance. Without the annotation, the same body is reported.
#include <linux/rcupdate.h>

#define __acquires(x)
struct sta { int id; };
extern int cond(void);

static struct sta *find_locked(struct sta *s) __acquires(RCU)
{
	rcu_read_lock();
	if (cond()) {
		rcu_read_unlock();
		return 0;
	}
	return s;
}

static struct sta *find_unannotated(struct sta *s)
{
	rcu_read_lock();
	if (cond()) {
		rcu_read_unlock();
		return 0;
	}
	return s; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others}}
}

void use(struct sta *s)
{
	if (find_locked(s))
		rcu_read_unlock();
	if (find_unannotated(s))
		rcu_read_unlock();
}
