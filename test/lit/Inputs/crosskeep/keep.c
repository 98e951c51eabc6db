/* Clean: the lock is still held after release_a() where n->keep. */
#include <linux/lockdep.h>
#include <linux/spinlock.h>

struct node { spinlock_t lock; int depth; int keep; };
void release_a(struct node *n);

static void node_reset(struct node *n)
{
	lockdep_assert_held(&n->lock);
	n->depth = 0;
}

void node_maybe_finish(struct node *n)
{
	spin_lock(&n->lock);
	release_a(n);
	if (n->keep) {
		node_reset(n);
		spin_unlock(&n->lock);
	}
}
