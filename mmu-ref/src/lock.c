// SPDX-License-Identifier: MIT
/*
 * rwlock_t / spinlock_t with owner tracking, and the scheduling points of
 * linux/sched.h.  Every thread keeps the set of rwlocks it holds for read
 * and a count of spinning locks held, so that lockdep_assert_held_read()
 * and might_sleep() can answer for the calling thread only.
 */
#define _GNU_SOURCE
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/bug.h>
#include <linux/rcupdate.h>

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_HELD_READ	8

static __thread char thread_id_marker;
static __thread rwlock_t *held_read[MAX_HELD_READ];
static __thread int nr_held_read;
static __thread int nr_locks_held;
static __thread unsigned int resched_countdown;
static unsigned int resched_interval = 512;

unsigned long mmuref_thread_id(void)
{
	/* The address of a TLS object is unique among live threads. */
	return (unsigned long)&thread_id_marker;
}

int mmuref_locks_held(void)
{
	return nr_locks_held;
}

void mmuref_lockdep_fail(const char *what, const char *lock,
			 const char *file, int line)
{
	fprintf(stderr, "mmu-ref lockdep: %s(%s) failed at %s:%d\n",
		what, lock, file, line);
	abort();
}

void rwlock_init(rwlock_t *lock)
{
	pthread_rwlockattr_t attr;

	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr,
			PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&lock->rw, &attr);
	pthread_rwlockattr_destroy(&attr);
	lock->writer = 0;
	lock->readers = 0;
	lock->waiters = 0;
}

void rwlock_destroy(rwlock_t *lock)
{
	pthread_rwlock_destroy(&lock->rw);
}

bool mmuref_rwlock_held_read(rwlock_t *lock)
{
	int i;

	for (i = 0; i < nr_held_read; i++)
		if (held_read[i] == lock)
			return true;
	return false;
}

bool mmuref_rwlock_held_write(rwlock_t *lock)
{
	return __atomic_load_n(&lock->writer, __ATOMIC_RELAXED) ==
	       mmuref_thread_id();
}

void read_lock(rwlock_t *lock)
{
	if (mmuref_rwlock_held_read(lock) || mmuref_rwlock_held_write(lock))
		mmuref_lockdep_fail("recursive read_lock", "lock", __FILE__,
				    __LINE__);
	if (nr_held_read == MAX_HELD_READ)
		mmuref_bug("too many rwlocks held for read", __FILE__,
			   __LINE__);

	__atomic_fetch_add(&lock->waiters, 1, __ATOMIC_RELAXED);
	pthread_rwlock_rdlock(&lock->rw);
	__atomic_fetch_sub(&lock->waiters, 1, __ATOMIC_RELAXED);

	__atomic_fetch_add(&lock->readers, 1, __ATOMIC_RELAXED);
	held_read[nr_held_read++] = lock;
	nr_locks_held++;
}

void read_unlock(rwlock_t *lock)
{
	int i;

	for (i = 0; i < nr_held_read; i++)
		if (held_read[i] == lock)
			break;
	if (i == nr_held_read)
		mmuref_lockdep_fail("read_unlock of a lock not held for read",
				    "lock", __FILE__, __LINE__);
	held_read[i] = held_read[--nr_held_read];
	nr_locks_held--;
	__atomic_fetch_sub(&lock->readers, 1, __ATOMIC_RELAXED);
	pthread_rwlock_unlock(&lock->rw);
}

void write_lock(rwlock_t *lock)
{
	if (mmuref_rwlock_held_read(lock) || mmuref_rwlock_held_write(lock))
		mmuref_lockdep_fail("recursive write_lock", "lock", __FILE__,
				    __LINE__);

	__atomic_fetch_add(&lock->waiters, 1, __ATOMIC_RELAXED);
	pthread_rwlock_wrlock(&lock->rw);
	__atomic_fetch_sub(&lock->waiters, 1, __ATOMIC_RELAXED);

	__atomic_store_n(&lock->writer, mmuref_thread_id(), __ATOMIC_RELAXED);
	nr_locks_held++;
}

void write_unlock(rwlock_t *lock)
{
	if (!mmuref_rwlock_held_write(lock))
		mmuref_lockdep_fail("write_unlock of a lock not held for write",
				    "lock", __FILE__, __LINE__);
	__atomic_store_n(&lock->writer, 0, __ATOMIC_RELAXED);
	nr_locks_held--;
	pthread_rwlock_unlock(&lock->rw);
}

bool rwlock_needbreak(rwlock_t *lock)
{
	return __atomic_load_n(&lock->waiters, __ATOMIC_RELAXED) > 0;
}

void spin_lock_init(spinlock_t *lock)
{
	pthread_mutex_init(&lock->mutex, NULL);
	lock->owner = 0;
}

void spin_lock_destroy(spinlock_t *lock)
{
	pthread_mutex_destroy(&lock->mutex);
}

void spin_lock(spinlock_t *lock)
{
	if (mmuref_spin_held(lock))
		mmuref_lockdep_fail("recursive spin_lock", "lock", __FILE__,
				    __LINE__);
	pthread_mutex_lock(&lock->mutex);
	__atomic_store_n(&lock->owner, mmuref_thread_id(), __ATOMIC_RELAXED);
	nr_locks_held++;
}

void spin_unlock(spinlock_t *lock)
{
	if (!mmuref_spin_held(lock))
		mmuref_lockdep_fail("spin_unlock of a lock not held", "lock",
				    __FILE__, __LINE__);
	__atomic_store_n(&lock->owner, 0, __ATOMIC_RELAXED);
	nr_locks_held--;
	pthread_mutex_unlock(&lock->mutex);
}

bool mmuref_spin_held(spinlock_t *lock)
{
	return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) ==
	       mmuref_thread_id();
}

void __might_sleep(const char *file, int line)
{
#ifdef MMUREF_DEBUG
	if (rcu_read_lock_held()) {
		fprintf(stderr, "mmu-ref: sleeping function called inside "
			"rcu_read_lock() at %s:%d\n", file, line);
		abort();
	}
	if (nr_locks_held) {
		fprintf(stderr, "mmu-ref: sleeping function called with %d "
			"spinning lock(s) held at %s:%d\n", nr_locks_held,
			file, line);
		abort();
	}
#else
	(void)file;
	(void)line;
#endif
}

void mmuref_set_resched_interval(unsigned int interval)
{
	__atomic_store_n(&resched_interval, interval, __ATOMIC_RELAXED);
}

bool need_resched(void)
{
	unsigned int interval = __atomic_load_n(&resched_interval,
						__ATOMIC_RELAXED);

	if (!interval)
		return false;
	if (resched_countdown == 0 || resched_countdown > interval)
		resched_countdown = interval;
	return --resched_countdown == 0;
}

int cond_resched(void)
{
	might_sleep();
	sched_yield();
	return 1;
}

int cond_resched_rwlock_read(rwlock_t *lock)
{
	lockdep_assert_held_read(lock);
	read_unlock(lock);
	cond_resched();
	read_lock(lock);
	return 1;
}

int cond_resched_rwlock_write(rwlock_t *lock)
{
	lockdep_assert_held_write(lock);
	write_unlock(lock);
	cond_resched();
	write_lock(lock);
	return 1;
}
