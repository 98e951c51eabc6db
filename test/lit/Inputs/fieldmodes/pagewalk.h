/* A walk whose lock mode is a field of a const ops table, as in 6.12's
 * mm/pagewalk.c: walk_page_range() asserts mmap_lock for read when
 * ops->walk_lock is PGWALK_RDLOCK, for write otherwise. */
#include <linux/mm.h>

enum page_walk_lock { PGWALK_RDLOCK = 0, PGWALK_WRLOCK = 1, PGWALK_WRLOCK_VERIFY = 2 };

struct mm_walk_ops {
	int (*pte_entry)(unsigned long addr);
	enum page_walk_lock walk_lock;
};

int walk_page_range(struct mm_struct *mm, const struct mm_walk_ops *ops);
