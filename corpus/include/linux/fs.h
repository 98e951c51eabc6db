/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: the file_operations slice. */
#ifndef _MINI_LINUX_FS_H
#define _MINI_LINUX_FS_H

#include <linux/compiler.h>

struct inode;
struct file { void *private_data; };
struct file_operations {
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	long (*compat_ioctl)(struct file *, unsigned int, unsigned long);
};

#endif
