// RUN: %verify %s
// A field mode on a const table whose struct has an unnamed bit-field
// before the field: the initialiser has no slot for it (found by review:
// the field was read from the wrong slot).
#include <linux/spinlock.h>
#include <linux/mutex.h>
static struct mutex gm;
static spinlock_t l;
struct ops { int a; int : 4; int mode; };
static const struct ops sleeping_ops = { .a = 0, .mode = 1 };

static void walk(const struct ops *o)
{
	if (o->mode == 1)
		mutex_lock(&gm);
}

void c1(void)
{
	spin_lock(&l);
	walk(&sleeping_ops); // expected-warning {{'walk' may sleep, but spinning lock}}
	spin_unlock(&l);
}
