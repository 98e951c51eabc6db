#include <linux/fs.h>

int read_value(void);

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return read_value();
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl };
const struct file_operations *dev_fops_p = &dev_fops;
