/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: debugfs attributes; as in 6.12 the macro
 * defines an open method that hands the getter and setter to simple_attr_open(). */
#ifndef _MINI_LINUX_DEBUGFS_H
#define _MINI_LINUX_DEBUGFS_H

#include <linux/fs.h>

int simple_attr_open(struct inode *inode, struct file *file,
		     int (*get)(void *, u64 *), int (*set)(void *, u64),
		     const char *fmt);
int simple_attr_release(struct inode *inode, struct file *file);

#define DEFINE_DEBUGFS_ATTRIBUTE(__fops, __get, __set, __fmt)		\
static int __fops ## _open(struct inode *inode, struct file *file)	\
{									\
	return simple_attr_open(inode, file, __get, __set, __fmt);	\
}									\
static const struct file_operations __fops = {				\
	.open	 = __fops ## _open,					\
	.release = simple_attr_release,					\
}

#endif
