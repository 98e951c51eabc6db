// A trylock stated as a rules contract (`try: true` on an acquisition taken
// on some returns: rtnl_trylock(), rules/17-net.yaml) never waits, so it is
// not ordered after what is held, as mutex_trylock() is not
// (lock-order-killable.c). rtnl_lock() under the same mutex waits: that one
// closes the cycle with config().
// RUN: %verify %s
#include <linux/mutex.h>
#include <linux/rtnetlink.h>

struct mutex cfg_lock;
int cfg;

void config(void)
{
	rtnl_lock();
	mutex_lock(&cfg_lock);
	cfg++;
	mutex_unlock(&cfg_lock);
	rtnl_unlock();
}

void poll_try(void)
{
	mutex_lock(&cfg_lock);
	if (rtnl_trylock()) {
		cfg++;
		rtnl_unlock();
	}
	mutex_unlock(&cfg_lock);
}

void poll_wait(void)
{
	mutex_lock(&cfg_lock);
	rtnl_lock(); // expected-warning {{possible deadlock: 'poll_wait' acquires 'rtnl_mutex' while holding 'cfg_lock', and 'config' acquires 'cfg_lock' while holding 'rtnl_mutex' [rcuctx-lock-order]}}
	cfg++;
	rtnl_unlock();
	mutex_unlock(&cfg_lock);
}
