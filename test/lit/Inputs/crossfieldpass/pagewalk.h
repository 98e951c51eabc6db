#include <linux/mutex.h>

enum page_walk_lock { PGWALK_RDLOCK = 0, PGWALK_WRLOCK = 1, PGWALK_WRLOCK_VERIFY = 2 };
struct mm_walk_ops {
	int (*pte_entry)(void);
	enum page_walk_lock walk_lock;
};
struct vma_lock { struct mutex lock; };
struct vm_area_struct { struct vma_lock *vm_lock; };

int walk_page_range(struct vm_area_struct *vma, const struct mm_walk_ops *ops);
