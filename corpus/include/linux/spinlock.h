/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: spinning locks. As in 6.12, spin_lock() and
 * friends are static inline functions, while the rwlock_t API is macros over
 * _raw_* functions, so both recognition paths are exercised.
 */
#ifndef _MINI_LINUX_SPINLOCK_H
#define _MINI_LINUX_SPINLOCK_H

#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/cleanup.h>

typedef struct raw_spinlock { unsigned int val; struct lockdep_map dep_map; } raw_spinlock_t;
typedef struct spinlock { raw_spinlock_t rlock; struct lockdep_map dep_map; } spinlock_t;
typedef struct { unsigned int cnts; struct lockdep_map dep_map; } rwlock_t;

void _raw_spin_lock(raw_spinlock_t *lock);
void _raw_spin_unlock(raw_spinlock_t *lock);
int _raw_spin_trylock(raw_spinlock_t *lock);
void _raw_spin_lock_bh(raw_spinlock_t *lock);
void _raw_spin_unlock_bh(raw_spinlock_t *lock);
void _raw_spin_lock_irq(raw_spinlock_t *lock);
void _raw_spin_unlock_irq(raw_spinlock_t *lock);
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags);

#define raw_spin_lock(lock)	_raw_spin_lock(lock)
/* As 6.12: without lockdep the subclass is evaluated and dropped. */
#ifdef CONFIG_LOCKDEP
void _raw_spin_lock_nested(raw_spinlock_t *lock, int subclass);
#define raw_spin_lock_nested(lock, subclass)	_raw_spin_lock_nested(lock, subclass)
#else
#define raw_spin_lock_nested(lock, subclass)	_raw_spin_lock(((void)(subclass), (lock)))
#endif
#define spin_lock_nested(lock, subclass) \
	do { raw_spin_lock_nested(&(lock)->rlock, subclass); } while (0)
#define raw_spin_unlock(lock)	_raw_spin_unlock(lock)

static __always_inline void spin_lock(spinlock_t *lock) { _raw_spin_lock(&lock->rlock); }
static __always_inline void spin_unlock(spinlock_t *lock) { _raw_spin_unlock(&lock->rlock); }
static __always_inline int spin_trylock(spinlock_t *lock) { return _raw_spin_trylock(&lock->rlock); }
static __always_inline void spin_lock_bh(spinlock_t *lock) { _raw_spin_lock_bh(&lock->rlock); }
static __always_inline void spin_unlock_bh(spinlock_t *lock) { _raw_spin_unlock_bh(&lock->rlock); }
static __always_inline void spin_lock_irq(spinlock_t *lock) { _raw_spin_lock_irq(&lock->rlock); }
static __always_inline void spin_unlock_irq(spinlock_t *lock) { _raw_spin_unlock_irq(&lock->rlock); }
#define spin_lock_irqsave(lock, flags) do { flags = _raw_spin_lock_irqsave(&(lock)->rlock); } while (0)
static __always_inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{ _raw_spin_unlock_irqrestore(&lock->rlock, flags); }
#define spin_lock_init(lock) do { (lock)->rlock.val = 0; } while (0)

void _raw_read_lock(rwlock_t *lock);
void _raw_read_unlock(rwlock_t *lock);
void _raw_write_lock(rwlock_t *lock);
void _raw_write_unlock(rwlock_t *lock);
int _raw_read_trylock(rwlock_t *lock);
int _raw_write_trylock(rwlock_t *lock);
#define read_lock(lock)		_raw_read_lock(lock)
#define read_unlock(lock)	_raw_read_unlock(lock)
#define write_lock(lock)	_raw_write_lock(lock)
#define write_unlock(lock)	_raw_write_unlock(lock)
#define read_trylock(lock)	_raw_read_trylock(lock)
#define write_trylock(lock)	_raw_write_trylock(lock)
#define rwlock_init(lock)	do { (lock)->cnts = 0; } while (0)
void _raw_read_lock_bh(rwlock_t *lock);
void _raw_read_unlock_bh(rwlock_t *lock);
void _raw_write_lock_irq(rwlock_t *lock);
void _raw_write_unlock_irq(rwlock_t *lock);
#define read_lock_bh(lock)	_raw_read_lock_bh(lock)
#define read_unlock_bh(lock)	_raw_read_unlock_bh(lock)
#define write_lock_irq(lock)	_raw_write_lock_irq(lock)
#define write_unlock_irq(lock)	_raw_write_unlock_irq(lock)
unsigned long _raw_read_lock_irqsave(rwlock_t *lock);
void _raw_read_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
unsigned long _raw_write_lock_irqsave(rwlock_t *lock);
void _raw_write_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
#define read_lock_irqsave(lock, flags)	do { flags = _raw_read_lock_irqsave(lock); } while (0)
#define read_unlock_irqrestore(lock, flags) _raw_read_unlock_irqrestore(lock, flags)
#define write_lock_irqsave(lock, flags)	do { flags = _raw_write_lock_irqsave(lock); } while (0)
#define write_unlock_irqrestore(lock, flags) _raw_write_unlock_irqrestore(lock, flags)

/* May drop the lock, reschedule, and retake it (kernel/sched/core.c). */
int __cond_resched_rwlock_read(rwlock_t *lock);
int __cond_resched_rwlock_write(rwlock_t *lock);
int __cond_resched_lock(spinlock_t *lock);
#define cond_resched_rwlock_read(lock) ({ __cond_resched_rwlock_read(lock); })
#define cond_resched_rwlock_write(lock) ({ __cond_resched_rwlock_write(lock); })
#define cond_resched_lock(lock) ({ __cond_resched_lock(lock); })
int rwlock_needbreak(rwlock_t *lock);
int spin_needbreak(spinlock_t *lock);

DEFINE_GUARD(spinlock, spinlock_t *, spin_lock(_T), spin_unlock(_T))
DEFINE_GUARD(read_lock, rwlock_t *, read_lock(_T), read_unlock(_T))
DEFINE_GUARD(write_lock, rwlock_t *, write_lock(_T), write_unlock(_T))

#endif
