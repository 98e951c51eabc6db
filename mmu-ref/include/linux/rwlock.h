/* SPDX-License-Identifier: MIT */
#ifndef _MMUREF_LINUX_RWLOCK_H
#define _MMUREF_LINUX_RWLOCK_H
#include <linux/spinlock.h>
#endif
