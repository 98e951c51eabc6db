// RUN: %verify %s
// A release the function makes only under a test of a named flag bit, and
// skips on the other edge into a common return, keeps the lock there on
// purpose: a protocol on that flag. net/wireless/nl80211.c's
// nl80211_pre_doit() takes RTNL and ends `if (!(internal_flags &
// NL80211_FLAG_NEED_RTNL)) rtnl_unlock(); return 0;`, and its post_doit()
// drops RTNL on the same test (kernel/TRIAGE-rest-6.12.md #46). Only a
// flag the function was given: a test of a value the body computed (an
// error code, a count) may be the leak, and an arm that changes more than
// that lock, or an `if` with an `else`, is no such release.
#include <linux/rtnetlink.h>
#include <linux/spinlock.h>

struct genl_ops { unsigned internal_flags; };
struct obj { spinlock_t lock; unsigned flags; int x; };
#define FLAG_NEED_RTNL 0x4
#define OBJ_KEEP_LOCKED 0x1
extern const unsigned internal_flags_table[];
extern void *lookup(void);
extern int validate(struct obj *o);

int pre_doit(const struct genl_ops *ops, void **out)
{
	unsigned internal_flags = internal_flags_table[ops->internal_flags];
	void *p;

	rtnl_lock();
	p = lookup();
	if (!p)
		goto out_unlock;
	*out = p;
	if (!(internal_flags & FLAG_NEED_RTNL))
		rtnl_unlock();
	return 0;
out_unlock:
	rtnl_unlock();
	return -22;
}

/* A flag field of the object: the same. */
void update(struct obj *o)
{
	spin_lock(&o->lock);
	o->x++;
	if (!(o->flags & OBJ_KEEP_LOCKED))
		spin_unlock(&o->lock);
}

/* An error code the body computed: the held side may be the leak. */
int check(struct obj *o)
{
	int ret;

	spin_lock(&o->lock);
	ret = validate(o);
	if (ret == 0) // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}
		spin_unlock(&o->lock);
	return ret;
}

/* The arm changes more than that lock. */
void two(struct obj *o)
{
	rtnl_lock();
	spin_lock(&o->lock);
	if (o->flags & OBJ_KEEP_LOCKED) {
		spin_unlock(&o->lock);
		rtnl_unlock();
	}
} // expected-warning {{returns with 'rtnl_mutex' held on this path but not on others}} expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}

/* An `else`: the release is one arm of a choice, not a skip. */
int with_else(struct obj *o)
{
	spin_lock(&o->lock);
	if (o->flags & OBJ_KEEP_LOCKED)
		spin_unlock(&o->lock);
	else
		o->x = 0; // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}
	return 0;
}

/* A pointer's NULL test, and a bit of a call's result: not flags given. */
void null_test(struct obj *o, void *p)
{
	spin_lock(&o->lock);
	o->x++;
	if (p)
		spin_unlock(&o->lock);
} // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}

extern unsigned status(struct obj *o);

int result_bit(struct obj *o)
{
	unsigned st;

	spin_lock(&o->lock);
	st = status(o);
	if (st & OBJ_KEEP_LOCKED) // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}
		spin_unlock(&o->lock);
	return 0;
}
