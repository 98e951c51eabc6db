/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: sleeping locks. */
#ifndef _MINI_LINUX_MUTEX_H
#define _MINI_LINUX_MUTEX_H

#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/cleanup.h>

struct mutex { long owner; struct lockdep_map dep_map; };
void mutex_lock(struct mutex *lock);
int mutex_lock_interruptible(struct mutex *lock);
int mutex_lock_killable(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
#define mutex_init(m) do { (m)->owner = 0; } while (0)

struct rw_semaphore { long count; struct lockdep_map dep_map; };
void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))

#endif
