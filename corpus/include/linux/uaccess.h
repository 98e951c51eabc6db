/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: user copies (corpus addition). copy_to_user()
 * and copy_from_user() may fault on the user page and sleep; in 6.12 they
 * call might_fault() first.
 */
#ifndef _MINI_LINUX_UACCESS_H
#define _MINI_LINUX_UACCESS_H

#include <linux/compiler.h>

#ifndef __user
#define __user
#endif

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);

#endif
