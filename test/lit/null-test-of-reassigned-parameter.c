// A NULL test of a parameter the body assigns speaks of what it holds
// then, not of what the caller passed: no flag (transfer/FlagTransfer.h).
// Here the walk leaves `n` NULL before the need, and a caller passing a
// non-NULL pointer still owes the RCU section.
// RUN: %verify %debug_config %s
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

struct node { struct node *next; };
struct cfg { int v; };
static struct cfg __rcu *gp;
static struct node *head;
static struct work_struct w;

static int walk_then_read(struct node *n)
{
	for (; n; n = n->next)
		;
	return rcu_dereference(gp)->v;
}

static void read_if(struct node *q)
{
	if (q)
		walk_then_read(q);
}

static void work_fn(struct work_struct *unused)
{
	read_if(head); // expected-warning {{'read_if' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]}}
}

void setup(void)
{
	INIT_WORK(&w, work_fn);
}
