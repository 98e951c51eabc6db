#include "dev.h"

/* the_dev.a, then the_dev.b through a helper in another file. */
static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	spin_lock(&the_dev.a);
	lock_it(&the_dev.b);
	the_dev.v++;
	unlock_it(&the_dev.b);
	spin_unlock(&the_dev.a);
	return 0;
}

/* the_dev.b, then the_dev.a: the other order. */
static long dev_read(struct file *f, unsigned int cmd, unsigned long arg)
{
	spin_lock(&the_dev.b);
	spin_lock(&the_dev.a);
	the_dev.v--;
	spin_unlock(&the_dev.a);
	spin_unlock(&the_dev.b);
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl, .compat_ioctl = dev_read };
