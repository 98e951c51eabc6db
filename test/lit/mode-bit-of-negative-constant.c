// RUN: %verify %s
// A negative constant passed to an unsigned long sets its high bits, as C
// converts it (found by review: -1 and ~BIT(3) were zero-extended, so bit
// 40 looked clear).
#include <linux/spinlock.h>
#include <linux/mutex.h>
#define HIGH (1UL << 40)
#define LOWF (1 << 3)
static struct mutex gm;
static spinlock_t l;

static void f(unsigned long flags)
{
	if (flags & HIGH)
		mutex_lock(&gm);
}

void c1(void)
{
	spin_lock(&l);
	f(-1); // expected-warning {{'f' may sleep, but spinning lock}}
	spin_unlock(&l);
}
void c2(unsigned long fl)
{
	spin_lock(&l);
	f(HIGH | LOWF); // expected-warning {{'f' may sleep, but spinning lock}}
	spin_unlock(&l);
}
void c3(void)
{
	spin_lock(&l);
	f(~LOWF); // expected-warning {{'f' may sleep, but spinning lock}}
	spin_unlock(&l);
}
