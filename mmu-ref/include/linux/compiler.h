/* SPDX-License-Identifier: MIT */
/*
 * Kernel compiler helpers for userspace.  Only what mmu-ref needs, spelled
 * with the kernel's names so that the rcuctx checker's kernel rules match.
 */
#ifndef _MMUREF_LINUX_COMPILER_H
#define _MMUREF_LINUX_COMPILER_H

#include <stddef.h>

/* Sparse address-space annotation: documentation only in userspace. */
#define __rcu
#define __must_check		__attribute__((warn_unused_result))
#ifndef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#endif
#define __maybe_unused		__attribute__((unused))
#define __cold			__attribute__((cold))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

/*
 * READ_ONCE/WRITE_ONCE are relaxed atomics rather than volatile accesses:
 * the same single-copy-atomicity guarantee the kernel relies on, and
 * ThreadSanitizer understands them (it treats volatile as a plain access).
 */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)

#define barrier()		__asm__ __volatile__("" ::: "memory")
#define smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]))

/* Not for C++: they would break the standard library headers. */
#ifndef __cplusplus
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#endif

#endif /* _MMUREF_LINUX_COMPILER_H */
