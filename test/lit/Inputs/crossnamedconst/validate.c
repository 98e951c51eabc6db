#include "sbi.h"
extern int expiring(struct sbi *sbi);

/* Called with wq_mutex held; returns with it held, but for -EINTR. */
int validate_request(struct sbi *sbi)
{
	if (sbi->flags)
		return -ENOENT;
	while (expiring(sbi)) {
		mutex_unlock(&sbi->wq_mutex);
		if (mutex_lock_interruptible(&sbi->wq_mutex))
			return -EINTR;
		if (sbi->flags)
			return -ENOENT;
	}
	return 1;
}
