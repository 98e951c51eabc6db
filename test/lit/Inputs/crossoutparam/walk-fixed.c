/* The walk, in another file, fixed: the entry is read inside the section
 * (the iterator is not used after it). */
#include <linux/rcupdate.h>

struct obj { int x; struct obj __rcu *next; };
struct iter { struct obj *cur; int level; };
void iter_start(struct iter *it);
void iter_next(struct iter *it);

int walk_two(void)
{
	struct iter it;
	int x;

	rcu_read_lock();
	iter_start(&it);
	iter_next(&it);
	x = it.cur->x;
	x += it.cur->x;
	rcu_read_unlock();
	return x;
}
