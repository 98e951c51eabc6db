#include <linux/rcupdate.h>

void count_call(void);

struct node { int v; };
struct node __rcu *gp;

/* Needs RCU: the accessor right after a call to another file's function. */
int read_value(void)
{
	count_call();
	return rcu_dereference(gp)->v;
}
