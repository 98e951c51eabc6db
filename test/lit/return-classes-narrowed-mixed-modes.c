// RUN: %verify %s
// A callee with split partitions, narrowed ones (one class in one context)
// and one that returns every class in one context: a call whose modes
// match the last and a narrowed one must not read the narrowed classes as
// all the value can be. Here `check` is not known at the call, so `err`
// may be anything validate() returns, with the mutex held.
#include <linux/mutex.h>

struct ep { struct mutex mtx; int gen; };
int validate(struct ep *ep);
int want_check(void);

static int ep_lock(struct ep *ep, bool nonblock, bool check)
{
	if (check) {
		mutex_lock(&ep->mtx);
		return validate(ep);
	}
	if (!nonblock) {
		mutex_lock(&ep->mtx);
		return 0;
	}
	if (mutex_trylock(&ep->mtx))
		return 0;
	return -11;
}

int caller(struct ep *ep)
{
	int err = ep_lock(ep, false, want_check());

	if (err)
		return 0; // expected-warning {{returns with 'struct ep::mtx' held on this path but not on others}}
	ep->gen++;
	mutex_unlock(&ep->mtx);
	return 0;
}
