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
/* As 6.12: the subclass and the nest lock exist only with lockdep. */
#ifdef CONFIG_LOCKDEP
void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
int mutex_lock_killable_nested(struct mutex *lock, unsigned int subclass);
void _mutex_lock_nest_lock(struct mutex *lock, struct lockdep_map *nest_lock);
#define mutex_lock_nest_lock(lock, nest_lock) \
	do { _mutex_lock_nest_lock(lock, &(nest_lock)->dep_map); } while (0)
#else
#define mutex_lock_nested(lock, subclass) mutex_lock(lock)
#define mutex_lock_killable_nested(lock, subclass) mutex_lock_killable(lock)
#define mutex_lock_nest_lock(lock, nest_lock) mutex_lock(lock)
#endif

struct rw_semaphore { long count; struct lockdep_map dep_map; };
void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);
#ifdef CONFIG_LOCKDEP
void down_read_nested(struct rw_semaphore *sem, int subclass);
void down_write_nested(struct rw_semaphore *sem, int subclass);
void _down_write_nest_lock(struct rw_semaphore *sem, struct lockdep_map *nest_lock);
#define down_write_nest_lock(sem, nest_lock) \
	do { _down_write_nest_lock(sem, &(nest_lock)->dep_map); } while (0)
#else
#define down_read_nested(sem, subclass) down_read(sem)
#define down_write_nested(sem, subclass) down_write(sem)
#define down_write_nest_lock(sem, nest_lock) down_write(sem)
#endif

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))

#endif
