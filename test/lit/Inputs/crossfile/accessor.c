// The accessor, in its own file: reads an RCU-protected pointer. Alone it
// only requires "callers hold RCU".
#include <linux/rcupdate.h>

struct page_table;
struct page_table *mirror_root(struct page_table __rcu **slot);

struct page_table *mirror_root(struct page_table __rcu **slot)
{
	return rcu_dereference(*slot);
}
