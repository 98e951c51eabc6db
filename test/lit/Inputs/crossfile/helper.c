// The helper, in a second file: allocates with GFP_KERNEL (may sleep), then
// calls the accessor. Alone it sees no accessor, only a call it cannot follow.
#include <linux/slab.h>
#include <linux/rcupdate.h>

struct page_table;
struct page_table *mirror_root(struct page_table __rcu **slot);

void *alloc_for_split(struct page_table __rcu **slot);

void *alloc_for_split(struct page_table __rcu **slot)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (p && mirror_root(slot))
		return p;
	return p;
}
