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

/* Sleeps only where cond holds (include/linux/kernel.h). */
#define might_sleep_if(cond) do { if (cond) might_sleep(); } while (0)

int __cond_resched(void);
#define cond_resched() ({ __cond_resched(); })
void schedule(void);
long schedule_timeout(long timeout);
void io_schedule(void);

/* The task state: set before blocking, TASK_RUNNING again after it. */
#define TASK_RUNNING		0x00000000
#define TASK_INTERRUPTIBLE	0x00000001
#define TASK_UNINTERRUPTIBLE	0x00000002
#define TASK_WAKEKILL		0x00000100
#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
/* Stands for WRITE_ONCE(current->__state, s) (with smp_mb() when set). */
void __task_state_store(unsigned int state);
#define __set_current_state(state_value) __task_state_store(state_value)
#define set_current_state(state_value) __task_state_store(state_value)
/* Stands for READ_ONCE((task)->__state). */
unsigned int __task_state_load(const void *task);
#define task_is_running(task) (__task_state_load(task) == TASK_RUNNING)
void msleep(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);
int need_resched(void);
int signal_pending(void *task);
extern void *current;

struct task_struct { int pid; struct task_struct __rcu *real_parent; };

#endif
