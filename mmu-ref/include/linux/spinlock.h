/* SPDX-License-Identifier: MIT */
/*
 * rwlock_t and spinlock_t for userspace, with owner tracking so that the
 * lockdep assertions really check ownership.
 *
 * rwlock_t sits on a writer-preferring pthread_rwlock (a reader-preferring
 * one lets vCPU readers starve the zapping writer).  Because of that, and
 * as in the kernel when a writer is queued, a thread must not take the read
 * side recursively; debug builds abort if it does.
 *
 * Holding either lock is atomic context: might_sleep() aborts in debug
 * builds while one is held (see linux/sched.h).
 *
 * When MMUREF_DEBUG is defined the lockdep_assert_*() checks abort with a
 * message on violation; otherwise they compile to nothing.
 */
#ifndef _MMUREF_LINUX_SPINLOCK_H
#define _MMUREF_LINUX_SPINLOCK_H

#include <pthread.h>
#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	pthread_rwlock_t rw;
	unsigned long writer;	/* mmuref_thread_id() of the writer, or 0 */
	int readers;		/* number of threads holding it for read */
	int waiters;		/* threads blocked in read_lock/write_lock */
} rwlock_t;

typedef struct {
	pthread_mutex_t mutex;
	unsigned long owner;	/* mmuref_thread_id() of the holder, or 0 */
} spinlock_t;

/* A non-zero identifier unique among live threads. */
unsigned long mmuref_thread_id(void);

void rwlock_init(rwlock_t *lock);
void rwlock_destroy(rwlock_t *lock);
void read_lock(rwlock_t *lock);
void read_unlock(rwlock_t *lock);
void write_lock(rwlock_t *lock);
void write_unlock(rwlock_t *lock);
/* Somebody is waiting for the lock: holders should let go soon. */
bool rwlock_needbreak(rwlock_t *lock);

void spin_lock_init(spinlock_t *lock);
void spin_lock_destroy(spinlock_t *lock);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);

/* Ownership queries behind the lockdep assertions (always available). */
bool mmuref_rwlock_held_read(rwlock_t *lock);
bool mmuref_rwlock_held_write(rwlock_t *lock);
bool mmuref_spin_held(spinlock_t *lock);
void mmuref_lockdep_fail(const char *what, const char *lock,
			 const char *file, int line);

/* Spinning locks held by this thread (atomic-context depth). */
int mmuref_locks_held(void);

#ifdef __cplusplus
}
#endif

#ifdef MMUREF_DEBUG
#define __mmuref_lockdep_check(ok, what, l) do {			\
	if (unlikely(!(ok)))						\
		mmuref_lockdep_fail(what, #l, __FILE__, __LINE__);	\
} while (0)
#else
#define __mmuref_lockdep_check(ok, what, l) do { } while (0)
#endif

#define lockdep_assert_held_read(l)					\
	__mmuref_lockdep_check(mmuref_rwlock_held_read(l),		\
			       "lockdep_assert_held_read", l)
#define lockdep_assert_held_write(l)					\
	__mmuref_lockdep_check(mmuref_rwlock_held_write(l),		\
			       "lockdep_assert_held_write", l)

/* Held in any mode; works on rwlock_t and spinlock_t (C only). */
#define __mmuref_held_any(l) _Generic((l),				\
	rwlock_t *: mmuref_rwlock_held_any,				\
	spinlock_t *: mmuref_spin_held)(l)
#define lockdep_assert_held(l)						\
	__mmuref_lockdep_check(__mmuref_held_any(l),			\
			       "lockdep_assert_held", l)

static inline bool mmuref_rwlock_held_any(rwlock_t *lock)
{
	return mmuref_rwlock_held_read(lock) || mmuref_rwlock_held_write(lock);
}

#endif /* _MMUREF_LINUX_SPINLOCK_H */
