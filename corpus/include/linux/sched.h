/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: the may-sleep family. */
#ifndef _MINI_LINUX_SCHED_H
#define _MINI_LINUX_SCHED_H

#include <linux/compiler.h>
#include <linux/preempt.h>

#ifdef CONFIG_DEBUG_ATOMIC_SLEEP
void __might_sleep(const char *file, int line);
#define might_sleep() do { __might_sleep(__FILE__, __LINE__); } while (0)
#else
#define might_sleep() do { } while (0)
#endif

int __cond_resched(void);
#define cond_resched() ({ __cond_resched(); })
void schedule(void);
void msleep(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);
int need_resched(void);
int signal_pending(void *task);
extern void *current;

struct task_struct { int pid; struct task_struct __rcu *real_parent; };

#endif
