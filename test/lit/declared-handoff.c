// RUN: %verify %s
// A function whose declaration says it acquires or releases a context
// (`__acquires(RCU)`, as mac80211's ibss helpers are) leaves it changed on
// purpose: no imbalance. Without the annotation, the same body is reported:
// its returns give the same kind of value (an object) with and without the
// section, so the value does not tell them apart either
// (return-value-handoff.c has the NULL-outside-the-section protocol).
#include <linux/rcupdate.h>

#define __acquires(x)
struct sta { int id; };
extern int cond(void);

static struct sta *find_locked(struct sta *s) __acquires(RCU)
{
	rcu_read_lock();
	if (cond()) {
		rcu_read_unlock();
		return s + 1;
	}
	return s;
}

static struct sta *find_unannotated(struct sta *s)
{
	rcu_read_lock();
	if (cond()) {
		rcu_read_unlock();
		return s + 1;
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
