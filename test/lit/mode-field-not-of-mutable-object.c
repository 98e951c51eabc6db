// RUN: %verify %s
// A field of a plain (non-const) object is no mode: it changes under calls
// (found by review: `p->state == 1` then `p->state == 2` after update(p)
// was cut as impossible). Field modes are for pointers to const, ops tables.
#include <linux/spinlock.h>
#include <linux/mutex.h>
struct s { spinlock_t lock; int state; };
static struct mutex gm;
void update(struct s *p);

void f(struct s *p)
{
	spin_lock(&p->lock);
	if (p->state == 1) {
		update(p);
		if (p->state == 2)
			mutex_lock(&gm); // expected-warning {{'mutex_lock' may sleep, but spinning lock}}
	}
	spin_unlock(&p->lock);
}

void f_ctl(struct s *p)
{
	spin_lock(&p->lock);
	if (p->state == 1) {
		update(p);
		if (p->state > 1)
			mutex_lock(&gm); // expected-warning {{'mutex_lock' may sleep, but spinning lock}}
	}
	spin_unlock(&p->lock);
}
