/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: string helpers (corpus addition). */
#ifndef _MINI_LINUX_STRING_H
#define _MINI_LINUX_STRING_H

#include <linux/compiler.h>

int strcmp(const char *cs, const char *ct);
size_t strlen(const char *s);
void *memcpy(void *dest, const void *src, size_t count);
void *memset(void *s, int c, size_t count);

#endif
