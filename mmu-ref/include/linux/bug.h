/* SPDX-License-Identifier: MIT */
/*
 * WARN_ON() reports and counts instead of crashing, like the kernel's; tests
 * assert that the count stays zero.  BUG_ON() aborts.
 */
#ifndef _MMUREF_LINUX_BUG_H
#define _MMUREF_LINUX_BUG_H

#include <linux/compiler.h>

#ifdef __cplusplus
extern "C" {
#endif

void mmuref_warn(const char *cond, const char *file, int line);
__attribute__((noreturn)) void mmuref_bug(const char *what, const char *file,
					  int line);
/* Number of WARN_ON()s that fired since start (or the last reset). */
unsigned long mmuref_warn_count(void);
void mmuref_warn_reset(void);

#ifdef __cplusplus
}
#endif

#define WARN_ON(cond) ({						\
	int __ret_warn = !!(cond);					\
	if (unlikely(__ret_warn))					\
		mmuref_warn(#cond, __FILE__, __LINE__);			\
	unlikely(__ret_warn);						\
})
#define WARN_ON_ONCE(cond)	WARN_ON(cond)

#define BUG_ON(cond) do {						\
	if (unlikely(cond))						\
		mmuref_bug(#cond, __FILE__, __LINE__);			\
} while (0)
#define BUG()			mmuref_bug("BUG()", __FILE__, __LINE__)

#endif /* _MMUREF_LINUX_BUG_H */
