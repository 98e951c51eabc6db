// mutex_lock_killable() and mutex_lock_interruptible() wait like
// mutex_lock() and fail only on a signal: lockdep orders them when they
// start waiting, whether they get the lock or not. A trylock never waits
// and is not ordered after what is held.
// RUN: %verify %s
#include <linux/mutex.h>

struct dev { struct mutex a; struct mutex b; struct mutex c; struct mutex d; int v; };

int a_then_b(struct dev *x)
{
	mutex_lock(&x->a);
	if (mutex_lock_killable(&x->b)) { // expected-warning {{possible deadlock: 'a_then_b' acquires 'struct dev::b' while holding 'struct dev::a', and 'b_then_a' acquires 'struct dev::a' while holding 'struct dev::b' [rcuctx-lock-order]}}
		mutex_unlock(&x->a);
		return -1;
	}
	x->v++;
	mutex_unlock(&x->b);
	mutex_unlock(&x->a);
	return 0;
}

int b_then_a(struct dev *x)
{
	if (mutex_lock_interruptible(&x->b))
		return -1;
	mutex_lock(&x->a);
	mutex_unlock(&x->a);
	mutex_unlock(&x->b);
	return 0;
}

/* c then d, and d then a trylock of c: no cycle (the trylock never waits). */
void c_then_d(struct dev *x)
{
	mutex_lock(&x->c);
	mutex_lock(&x->d);
	mutex_unlock(&x->d);
	mutex_unlock(&x->c);
}

void d_then_try_c(struct dev *x)
{
	mutex_lock(&x->d);
	if (mutex_trylock(&x->c))
		mutex_unlock(&x->c);
	mutex_unlock(&x->d);
}
