/* SPDX-License-Identifier: MIT */
/*
 * Kernel RCU API on top of real liburcu (memb flavour, the <urcu.h> default
 * in liburcu 0.13).
 *
 * liburcu spells most of the API as macros that expand to urcu_memb_*
 * symbols, so a Clang AST would show calls to urcu_memb_read_lock() instead
 * of rcu_read_lock().  To let the rcuctx checker's kernel rules apply
 * unchanged, the kernel names are re-declared here as real (inline)
 * functions / macros with the kernel's names, forwarding to liburcu.
 *
 * liburcu also defines its own struct rcu_head.  It is renamed while its
 * headers are parsed so that this file can provide the kernel's
 * struct rcu_head (which wraps liburcu's) with a callback trampoline.  The
 * trampoline is where ThreadSanitizer is told about the grace period: TSan
 * cannot see the membarrier-based ordering inside liburcu.
 *
 * Rules enforced when MMUREF_DEBUG is defined:
 *  - rcu_read_lock() aborts unless the thread called rcu_register_thread();
 *  - rcu_dereference() aborts outside an RCU read-side critical section.
 */
#ifndef _MMUREF_LINUX_RCUPDATE_H
#define _MMUREF_LINUX_RCUPDATE_H

#define rcu_head __urcu_rcu_head
#include <urcu.h>
#undef rcu_head

#undef rcu_read_lock
#undef rcu_read_unlock
#undef rcu_read_ongoing
#undef rcu_register_thread
#undef rcu_unregister_thread
#undef synchronize_rcu
#undef call_rcu
#undef rcu_barrier
#undef rcu_dereference
#undef rcu_assign_pointer

#include <linux/compiler.h>
#include <linux/bug.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MMUREF_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define MMUREF_TSAN 1
#endif

#ifdef MMUREF_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
/* Every reader releases into it; grace-period waiters acquire it. */
extern char mmuref_rcu_gp_token;
#define mmuref_rcu_tsan_release()	__tsan_release(&mmuref_rcu_gp_token)
#define mmuref_rcu_tsan_acquire()	__tsan_acquire(&mmuref_rcu_gp_token)
#else
#define mmuref_rcu_tsan_release()	do { } while (0)
#define mmuref_rcu_tsan_acquire()	do { } while (0)
#endif

/* Set by rcu_register_thread(); checked by rcu_read_lock() in debug. */
extern __thread int mmuref_rcu_registered;

struct rcu_head {
	struct __urcu_rcu_head urcu;
	void (*func)(struct rcu_head *head);
};

void mmuref_rcu_trampoline(struct __urcu_rcu_head *urcu);
void mmuref_rcu_not_registered(void);
void mmuref_rcu_deref_outside_reader(const char *file, int line);

static inline void rcu_register_thread(void)
{
	urcu_memb_register_thread();
	mmuref_rcu_registered = 1;
}

static inline void rcu_unregister_thread(void)
{
	mmuref_rcu_registered = 0;
	urcu_memb_unregister_thread();
}

static inline void rcu_read_lock(void)
{
#ifdef MMUREF_DEBUG
	if (unlikely(!mmuref_rcu_registered))
		mmuref_rcu_not_registered();
#endif
	urcu_memb_read_lock();
}

static inline void rcu_read_unlock(void)
{
	mmuref_rcu_tsan_release();
	urcu_memb_read_unlock();
}

/* True inside an RCU read-side critical section (lockdep's name). */
static inline bool rcu_read_lock_held(void)
{
	return urcu_memb_read_ongoing();
}

/* Waits for a grace period: sleeps. */
static inline void synchronize_rcu(void)
{
	urcu_memb_synchronize_rcu();
	mmuref_rcu_tsan_acquire();
}

/* Queues @func to run after a grace period; never sleeps. */
static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	head->func = func;
	urcu_memb_call_rcu(&head->urcu, mmuref_rcu_trampoline);
}

/* Waits for all queued call_rcu() callbacks: sleeps. */
static inline void rcu_barrier(void)
{
	urcu_memb_barrier();
	mmuref_rcu_tsan_acquire();
}

#ifdef __cplusplus
}
#endif

#ifdef MMUREF_DEBUG
#define __rcu_dereference_check() do {					\
	if (unlikely(!urcu_memb_read_ongoing()))			\
		mmuref_rcu_deref_outside_reader(__FILE__, __LINE__);	\
} while (0)
#else
#define __rcu_dereference_check() do { } while (0)
#endif

/*
 * Load an RCU-protected pointer.  Must be inside rcu_read_lock(); the
 * consume ordering pairs with rcu_assign_pointer()'s release.
 */
#define rcu_dereference(p) ({						\
	__rcu_dereference_check();					\
	__atomic_load_n(&(p), __ATOMIC_CONSUME);			\
})

/* Load of an RCU pointer when the update-side lock makes it stable. */
#define rcu_dereference_protected(p, c) ({				\
	WARN_ON(!(c));							\
	__atomic_load_n(&(p), __ATOMIC_RELAXED);			\
})

#define rcu_assign_pointer(p, v)					\
	__atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

#endif /* _MMUREF_LINUX_RCUPDATE_H */
