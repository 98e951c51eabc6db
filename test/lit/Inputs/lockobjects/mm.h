#include <linux/lockdep.h>
#include <linux/mutex.h>

/* Fields in an unnamed struct, as the kernel's mm_struct keeps them. */
struct mm { struct { struct rw_semaphore lock; int users; }; };
int mm_lock_killable(struct mm *mm);
void mm_lock_nested(struct mm *mm, int subclass);
void mm_unlock(struct mm *mm);
