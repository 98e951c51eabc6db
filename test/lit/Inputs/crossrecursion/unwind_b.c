/* The other half of the recursion. */
#include <linux/spinlock.h>
#include <linux/rcupdate.h>

struct node {
	spinlock_t lock;
	int depth;
	struct node __rcu *child;
};

void unwind_a(struct node *n);
int count_a(struct node *n, int budget);

void unwind_b(struct node *n)
{
	if (!n->depth) {
		spin_unlock(&n->lock);
		return;
	}
	n->depth--;
	unwind_a(n);
}

int count_b(struct node *n, int budget)
{
	struct node *c = rcu_dereference(n->child);

	return c ? 1 + count_a(c, budget) : 0;
}
