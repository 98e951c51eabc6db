// RUN: %verify %s
// ERR_PTR() of a negative constant is an error, but ERR_PTR(err) of an
// unknown err may be NULL (ERR_PTR(0)): nothing is assumed, and the NULL
// test below keeps both edges.
#include <linux/mutex.h>

static inline void *ERR_PTR(long error) { return (void *)error; }

struct mutex m;

int from_variable(int err)
{
	void *o = ERR_PTR(err);

	mutex_lock(&m);
	if (!o)
		return -22; // expected-warning {{returns with 'm' held on this path but not on others}}
	mutex_unlock(&m);
	return -22;
}
