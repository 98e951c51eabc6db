#include <linux/fs.h>
#include "ev.h"

extern struct event *event_of(struct file *f);

static int release(struct inode *i, struct file *f)
{
	remove_cb(event_of(f), (void *)DETACH_GROUP);
	return 0;
}

static int release_child(struct inode *i, struct file *f)
{
	remove_cb(event_of(f), (void *)DETACH_CHILD);
	return 0;
}

const struct file_operations fops = { .release = release, .open = release_child };
