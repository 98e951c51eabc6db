// The caller, in a third file: leaves the RCU section to allocate, as
// tdp_mmu_split_huge_pages_root() does, and calls the helper.
#include <linux/rcupdate.h>

struct page_table;
void *alloc_for_split(struct page_table __rcu **slot);

int split_root(struct page_table __rcu **slot);

int split_root(struct page_table __rcu **slot)
{
	void *sp;

	rcu_read_lock();
	rcu_read_unlock();
	sp = alloc_for_split(slot);
	rcu_read_lock();
	rcu_read_unlock();
	return sp != 0;
}
