/* Clean: unwind_a() releases the lock on every path (through unwind_b() in
 * the other file or itself), so taking it again after the call is no
 * double lock. */
#include <linux/spinlock.h>

struct node {
	spinlock_t lock;
	int depth;
	struct node *child;
};

void unwind_a(struct node *n);

void node_again(struct node *n)
{
	spin_lock(&n->lock);
	unwind_a(n);
	spin_lock(&n->lock);
	n->depth = 1;
	spin_unlock(&n->lock);
}
