// Recursive and mutually recursive functions reach a fixpoint; their
// requirements still reach the callers.
// RUN: %verify %s
#include <linux/rcupdate.h>
#include <linux/sched.h>

struct node { int v; struct node __rcu *child; };

static int walk(struct node *n, int depth)
{
	struct node *c = rcu_dereference(n->child);

	if (!c || depth > 8)
		return n->v;
	return n->v + walk(c, depth + 1);
}

static int odd(struct node *n, int k);
static int even(struct node *n, int k)
{
	return k == 0 ? rcu_dereference(n->child)->v : odd(n, k - 1);
}
static int odd(struct node *n, int k)
{
	return k == 0 ? 0 : even(n, k - 1);
}

int user(struct node *root)
{
	int s;

	rcu_read_lock();
	s = walk(root, 0) + even(root, 4);
	rcu_read_unlock();
	msleep(1);
	s += walk(root, 0); // expected-warning {{'walk' needs an RCU read-side critical section, but none is held here}}
	s += odd(root, 3); // expected-warning {{'odd' needs an RCU read-side critical section, but none is held here}}
	return s;
}
