/* A lookup that returns a pointer valid only inside its caller's RCU
 * section, and a helper that dereferences what it is given. */
#include <linux/rcupdate.h>

struct sp { int role; };
struct sp __rcu *groot;

struct sp *root_of(void)
{
	return rcu_dereference(groot);
}

int role_of(struct sp *sp)
{
	return sp->role;
}
