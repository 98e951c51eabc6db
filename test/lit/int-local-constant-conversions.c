// RUN: %verify %s
// A constant stored in an integer local is classed as the local holds it:
// `unsigned int n = -1` is UINT_MAX (positive, not an error), `signed char
// c = 0xff` is -1 (an error). Classed as written, the tests below would cut
// the edge they take, and hide both leaks.
#include <linux/mutex.h>

struct mutex m;
int f(void);
void use(int);

int unsigned_minus_one(void)
{
	unsigned int n = -1;

	mutex_lock(&m);
	if (f())
		n = 0;
	if (n > 0) {
		use(n);
		return 0; // expected-warning {{returns with 'm' held on this path but not on others}}
	}
	mutex_unlock(&m);
	return 0;
}

int narrow_signed(void)
{
	signed char c = 0xff;

	mutex_lock(&m);
	if (f())
		c = 0;
	if (c < 0)
		return 0; // expected-warning {{returns with 'm' held on this path but not on others}}
	mutex_unlock(&m);
	return 0;
}
