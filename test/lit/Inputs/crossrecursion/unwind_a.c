/* Two functions, one per file, that call each other (a walk down a chain of
 * nodes alternating between two kinds): each returns with the node's lock
 * released on every path, its own unlock or the other's. */
#include <linux/spinlock.h>
#include <linux/rcupdate.h>

struct node {
	spinlock_t lock;
	int depth;
	struct node __rcu *child;
};

void unwind_b(struct node *n);
int count_b(struct node *n, int budget);

void unwind_a(struct node *n)
{
	if (!n->depth) {
		spin_unlock(&n->lock);
		return;
	}
	n->depth--;
	unwind_b(n);
}

/* Needs RCU only through count_b() in the other file. */
int count_a(struct node *n, int budget)
{
	return budget ? count_b(n, budget - 1) : 0;
}
