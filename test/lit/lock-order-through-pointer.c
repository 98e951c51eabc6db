// Calls through a function pointer order the target's locks after the
// caller's when the program stores one function in the slot; a slot holding
// several (an ops member with many implementations) is no one path, so its
// targets' acquisitions are not ordered after the caller's locks.
// RUN: %verify %s
#include <linux/mutex.h>

struct dev;
struct dev_ops { void (*one)(struct dev *); void (*many)(struct dev *); };
struct dev { struct mutex a, b, c, x; const struct dev_ops *ops; int v; };

static void take_b(struct dev *d) { mutex_lock(&d->b); d->v++; mutex_unlock(&d->b); }
static void take_c(struct dev *d) { mutex_lock(&d->c); d->v++; mutex_unlock(&d->c); }
static void take_x(struct dev *d) { mutex_lock(&d->x); d->v--; mutex_unlock(&d->x); }

const struct dev_ops ops1 = { .one = take_b, .many = take_c };
const struct dev_ops ops2 = { .many = take_x };

void via_one(struct dev *d)
{
	mutex_lock(&d->a);
	d->ops->one(d); // expected-warning {{possible deadlock: 'via_one' acquires 'struct dev::b' while holding 'struct dev::a', and 'b_then_a' acquires 'struct dev::a' while holding 'struct dev::b' [rcuctx-lock-order]}}
	mutex_unlock(&d->a);
}

void via_many(struct dev *d)
{
	mutex_lock(&d->a);
	d->ops->many(d);
	mutex_unlock(&d->a);
}

void b_then_a(struct dev *d)
{
	mutex_lock(&d->b);
	mutex_lock(&d->a);
	mutex_unlock(&d->a);
	mutex_unlock(&d->b);
}

void c_then_a(struct dev *d)
{
	mutex_lock(&d->c);
	mutex_lock(&d->a);
	mutex_unlock(&d->a);
	mutex_unlock(&d->c);
}
