// RUN: %verify %s
// A callee whose every return is one constant class gives a stored result
// that class (restart_syscall()), but not a __weak one: another definition
// may replace it at link time (an arch's override returning 0 here).
#include <linux/mutex.h>

struct mutex m;

int __attribute__((weak)) arch_setup(void)
{
	return -38;
}

int setup(void)
{
	int ret;

	mutex_lock(&m);
	ret = arch_setup();
	if (!ret)
		return 0; // expected-warning {{returns with 'm' held on this path but not on others}}
	mutex_unlock(&m);
	return 0;
}
