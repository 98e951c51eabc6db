/* An iterator over an RCU-protected chain (as tdp_iter.c steps the walk
 * tdp_mmu.c drives): iter_start() and iter_next() leave a pointer read with
 * rcu_dereference() in the iterator, valid only in their caller's section. */
#include <linux/rcupdate.h>

struct obj { int x; struct obj __rcu *next; };
struct iter { struct obj *cur; int level; };
extern struct obj __rcu *root;

void iter_start(struct iter *it)
{
	it->level = 0;
	it->cur = rcu_dereference(root);
}

void iter_next(struct iter *it)
{
	it->cur = rcu_dereference(it->cur->next);
	it->level++;
}
