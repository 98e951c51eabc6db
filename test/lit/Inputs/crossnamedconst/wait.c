#include "sbi.h"

int autofs_wait(struct sbi *sbi)
{
	int ret;

	if (mutex_lock_interruptible(&sbi->wq_mutex))
		return -EINTR;
	ret = validate_request(sbi);
	if (ret <= 0) {
		if (ret != -EINTR)
			mutex_unlock(&sbi->wq_mutex);
		return ret;
	}
	mutex_unlock(&sbi->wq_mutex);
	return 0;
}

int unlocks_on_eintr(struct sbi *sbi)
{
	int ret;

	mutex_lock(&sbi->wq_mutex);
	ret = validate_request(sbi);
	if (ret == -EINTR) {
		mutex_unlock(&sbi->wq_mutex);
		return ret;
	}
	mutex_unlock(&sbi->wq_mutex);
	return 0;
}
