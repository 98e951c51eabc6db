/* The other half. */
#include <linux/spinlock.h>

struct node { spinlock_t lock; int depth; int keep; };
void release_a(struct node *n);

void release_b(struct node *n)
{
	if (n->keep)
		return; /* the caller's lock stays held */
	release_a(n);
}
