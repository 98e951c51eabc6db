/* SPDX-License-Identifier: MIT */
#ifndef _MMUREF_LINUX_LOCKDEP_H
#define _MMUREF_LINUX_LOCKDEP_H
#include <linux/spinlock.h>
#endif
