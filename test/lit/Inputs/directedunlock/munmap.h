/* A descriptor that directs whether the unmap drops the caller's lock, as
 * 6.12's struct vma_munmap_struct and init_vma_munmap() (mm/vma.h) do. */
#include <linux/mutex.h>

struct mm { struct rw_semaphore lock; };
struct unmap_op { struct mm *mm; int nr; bool unlock; };

static inline void init_unmap(struct unmap_op *op, struct mm *mm, bool unlock)
{
	op->mm = mm;
	op->nr = 0;
	op->unlock = unlock;
}

int cond(void);
void complete_unmap(struct unmap_op *op);
int unmap_range(struct mm *mm, bool unlock);
