#include "dev.h"

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	try_count_hit(&the_dev);
	count_hit(&the_dev);
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl };
