/* SPDX-License-Identifier: MIT */
/* Convenience umbrella, like the kernel's linux/kernel.h. */
#ifndef _MMUREF_LINUX_KERNEL_H
#define _MMUREF_LINUX_KERNEL_H
#include <errno.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/atomic.h>
#endif
