// RUN: %verify %s
// A callee whose every mode returns one class, a different one with a
// different context (`if (drop) { unlock; return 1; } return 0;`), still
// hands the context over through its value: a caller that cannot tell the
// modes apart (it passes a runtime value) tells the classes apart, as it
// would if the callee had no modes. Before, no mode had two classes, the
// callee kept no per-class exits, and the caller saw "held or not" on both
// branches: the protocol's misuse below went unreported. Met when a plain
// object's field that directs a lock call became a mode (`if (m->state)`,
// lit stale-rcu-pointer-update-side-lock.c's drop_if()).
#include <linux/mutex.h>

struct mutex m;
int cond(void);
int work(void);

static int drop_if(bool drop)
{
	if (drop) {
		mutex_unlock(&m);
		return 1;
	}
	return 0;
}

int uses_protocol(void)
{
	int n;

	mutex_lock(&m);
	if (drop_if(cond()))
		return -1;
	n = work();
	mutex_unlock(&m);
	return n;
}

int reads_it_backwards(void)
{
	int n;

	mutex_lock(&m);
	if (!drop_if(cond()))
		return -1; // expected-warning {{returns with 'm' held on this path but not on others}}
	n = work();
	mutex_unlock(&m); // expected-warning {{unlock of 'm', which is not held here}}
	return n;
}
