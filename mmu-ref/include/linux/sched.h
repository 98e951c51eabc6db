/* SPDX-License-Identifier: MIT */
/*
 * Scheduling points.  might_sleep() marks code that may block: in debug
 * builds it aborts when called inside an RCU read-side critical section or
 * while a spinning lock (rwlock_t, spinlock_t) is held, like the kernel's
 * CONFIG_DEBUG_ATOMIC_SLEEP.
 *
 * need_resched() is emulated: it turns true every mmuref_resched_interval
 * calls on a thread (tests set the interval to 1 to force every yield path).
 */
#ifndef _MMUREF_LINUX_SCHED_H
#define _MMUREF_LINUX_SCHED_H

#include <linux/spinlock.h>

#ifdef __cplusplus
extern "C" {
#endif

void __might_sleep(const char *file, int line);
#define might_sleep()	__might_sleep(__FILE__, __LINE__)

/* May sleep: a voluntary preemption point. */
int cond_resched(void);

bool need_resched(void);
/* 0 disables emulated need_resched(); default 512. */
void mmuref_set_resched_interval(unsigned int interval);

/*
 * Drop the lock (held for read/write), yield, and retake it.  The caller
 * must not be in an RCU read-side critical section.  Returns 1.
 */
int cond_resched_rwlock_read(rwlock_t *lock);
int cond_resched_rwlock_write(rwlock_t *lock);

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_LINUX_SCHED_H */
