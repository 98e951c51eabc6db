/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: RCU read-side API. Shapes follow 6.12's
 * rcupdate.h: the lock/unlock calls are static inline functions, the
 * accessors are statement-expression macros whose lockdep condition stays in
 * the AST with or without CONFIG_PROVE_RCU.
 */
#ifndef _MINI_LINUX_RCUPDATE_H
#define _MINI_LINUX_RCUPDATE_H

#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/cleanup.h>

void __rcu_read_lock(void);
void __rcu_read_unlock(void);
int rcu_read_lock_held(void);
int rcu_read_lock_bh_held(void);
int rcu_read_lock_sched_held(void);
int rcu_read_lock_any_held(void);
int debug_lockdep_rcu_enabled(void);
void lockdep_rcu_suspicious(const char *file, const int line, const char *s);

#ifdef CONFIG_PROVE_RCU
#define RCU_LOCKDEP_WARN(c, s)						\
	do {								\
		static bool __warned;					\
		if (debug_lockdep_rcu_enabled() && (c) && !__warned) {	\
			__warned = true;				\
			lockdep_rcu_suspicious(__FILE__, __LINE__, s);	\
		}							\
	} while (0)
#else
#define RCU_LOCKDEP_WARN(c, s) do { } while (0 && (c))
#endif

static __always_inline void rcu_read_lock(void)
{
	__rcu_read_lock();
	__acquire(RCU);
}
static __always_inline void rcu_read_unlock(void)
{
	__release(RCU);
	__rcu_read_unlock();
}
static __always_inline void rcu_read_lock_bh(void) { local_bh_disable(); }
static __always_inline void rcu_read_unlock_bh(void) { local_bh_enable(); }
static __always_inline void rcu_read_lock_sched(void) { preempt_disable(); }
static __always_inline void rcu_read_unlock_sched(void) { preempt_enable(); }

#define rcu_check_sparse(p, space) ((void)0)

#define __rcu_access_pointer(p, local, space)				\
({									\
	typeof(*p) *local = (typeof(*p) *__force)READ_ONCE(p);		\
	rcu_check_sparse(p, space);					\
	((typeof(*p) __force __kernel *)(local));			\
})
#define __rcu_dereference_check(p, local, c, space)			\
({									\
	typeof(*p) *local = (typeof(*p) *__force)READ_ONCE(p);		\
	RCU_LOCKDEP_WARN(!(c), "suspicious rcu_dereference_check() usage"); \
	rcu_check_sparse(p, space);					\
	((typeof(*p) __force __kernel *)(local));			\
})
#define __rcu_dereference_protected(p, local, c, space)		\
({									\
	RCU_LOCKDEP_WARN(!(c), "suspicious rcu_dereference_protected() usage"); \
	rcu_check_sparse(p, space);					\
	((typeof(*p) __force __kernel *)(p));				\
})
#define __rcu_dereference_raw(p, local)				\
({									\
	typeof(p) local = READ_ONCE(p);					\
	((typeof(*p) __force __kernel *)(local));			\
})
#define rcu_dereference_raw(p) __rcu_dereference_raw(p, __UNIQUE_ID(rcu))

#define rcu_access_pointer(p) __rcu_access_pointer((p), __UNIQUE_ID(rcu), __rcu)
#define rcu_dereference_check(p, c) \
	__rcu_dereference_check((p), __UNIQUE_ID(rcu), (c) || rcu_read_lock_held(), __rcu)
#define rcu_dereference_bh_check(p, c) \
	__rcu_dereference_check((p), __UNIQUE_ID(rcu), (c) || rcu_read_lock_bh_held(), __rcu)
#define rcu_dereference_sched_check(p, c) \
	__rcu_dereference_check((p), __UNIQUE_ID(rcu), (c) || rcu_read_lock_sched_held(), __rcu)
#define rcu_dereference_protected(p, c) \
	__rcu_dereference_protected((p), __UNIQUE_ID(rcu), (c), __rcu)
#define rcu_dereference(p) rcu_dereference_check(p, 0)
#define rcu_dereference_bh(p) rcu_dereference_bh_check(p, 0)
#define rcu_dereference_sched(p) rcu_dereference_sched_check(p, 0)

#define rcu_assign_pointer(p, v) do { WRITE_ONCE((p), (typeof(p))(v)); } while (0)
#define RCU_INIT_POINTER(p, v) do { WRITE_ONCE((p), (typeof(p))(v)); } while (0)

#define lockdep_assert_in_rcu_read_lock() \
	WARN_ON_ONCE(debug_lockdep_rcu_enabled() && !rcu_read_lock_held())
#define lockdep_assert_in_rcu_read_lock_bh() \
	WARN_ON_ONCE(debug_lockdep_rcu_enabled() && !rcu_read_lock_bh_held())
#define lockdep_assert_in_rcu_read_lock_sched() \
	WARN_ON_ONCE(debug_lockdep_rcu_enabled() && !rcu_read_lock_sched_held())

struct rcu_head { struct rcu_head *next; void (*func)(struct rcu_head *head); };
typedef void (*rcu_callback_t)(struct rcu_head *head);
void call_rcu(struct rcu_head *head, rcu_callback_t func);
void synchronize_rcu(void);
void rcu_barrier(void);
void cond_resched_rcu(void);
#define kfree_rcu(ptr, rhf) call_rcu(&(ptr)->rhf, 0)

DEFINE_LOCK_GUARD_0(rcu, rcu_read_lock(), rcu_read_unlock())

#endif
