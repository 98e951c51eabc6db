/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: just enough of the kernel's API, written for
 * rcuctx's corpus and tests, whose macros expand the way Linux 6.12's do
 * (statement expressions, do/while(0) wrappers, CONFIG_PROVE_RCU and
 * CONFIG_LOCKDEP variants), so the checker is exercised on the same shapes.
 * Build with -DCONFIG_PROVE_RCU -DCONFIG_LOCKDEP -DCONFIG_DEBUG_ATOMIC_SLEEP
 * for the debug expansion, without them for the production one.
 */
#ifndef _MINI_LINUX_COMPILER_H
#define _MINI_LINUX_COMPILER_H

#include <stddef.h>
#include <stdbool.h>

#define __rcu
#define __force
#define __kernel
#define __iomem
#define __percpu
#define __must_check __attribute__((warn_unused_result))
#define __always_inline inline __attribute__((always_inline))
#define noinline __attribute__((noinline))
#define __noreturn __attribute__((noreturn))
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define __acquire(x) (void)0
#define __release(x) (void)0
#define __cleanup(func) __attribute__((cleanup(func)))
#define __maybe_unused __attribute__((unused))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#define READ_ONCE(x) (*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val) do { *(volatile typeof(x) *)&(x) = (val); } while (0)

#define container_of(ptr, type, member) \
	({ void *__mptr = (void *)(ptr); ((type *)(__mptr - offsetof(type, member))); })

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;

void __warn_printk(const char *fmt, ...);
#define WARN_ON(cond) ({ int __ret_warn_on = !!(cond); if (unlikely(__ret_warn_on)) __warn_printk("WARN_ON"); unlikely(__ret_warn_on); })
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define BUG_ON(cond) do { if (unlikely(cond)) __builtin_trap(); } while (0)

#define EINVAL 22
#define ENOMEM 12
#define EBUSY 16
#define EAGAIN 11
#define ENOENT 2
#define EFAULT 14
#define EINTR 4
#define ENOSPC 28
#define EIO 5

#endif
