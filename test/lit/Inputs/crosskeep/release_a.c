/* Half of a recursion through two files that releases n->lock unless
 * n->keep (release_b() in release_b.c returns with it held then). */
#include <linux/spinlock.h>

struct node { spinlock_t lock; int depth; int keep; };
void release_b(struct node *n);

void release_a(struct node *n)
{
	if (!n->depth) {
		spin_unlock(&n->lock);
		return;
	}
	n->depth--;
	release_b(n);
}
