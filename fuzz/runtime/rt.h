/* SPDX-License-Identifier: MIT */
/*
 * rcuctx fuzz oracle runtime: the kernel API the generated programs use,
 * implemented as calls that track the context the way lockdep and
 * PROVE_RCU / DEBUG_ATOMIC_SLEEP do at run time (RCU and SRCU depth,
 * preemption and IRQ counts, held locks with their mode and whether they
 * spin). A violated check is recorded with its source line and call stack;
 * nothing aborts. Each linux/<x>.h of this directory includes this file, so
 * a generated program compiles unchanged against either header set.
 */
#ifndef RCUCTX_FUZZ_RT_H
#define RCUCTX_FUZZ_RT_H

#include <stddef.h>
#include <stdbool.h>

#define __rcu
#define __force
#define __maybe_unused __attribute__((unused))
#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

typedef unsigned int gfp_t;
#define __GFP_DIRECT_RECLAIM 0x400u
#define GFP_KERNEL (__GFP_DIRECT_RECLAIM | 0x800u | 0xc0u)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | 0x400000u)
#define GFP_ATOMIC (0x20u | 0x800u)
#define GFP_NOWAIT (0x800u | 0x2000u)

/* Only the address of a lock matters. */
typedef struct { int unused; } spinlock_t;
typedef struct { int unused; } raw_spinlock_t;
typedef struct { int unused; } rwlock_t;
struct mutex { int unused; };
struct rw_semaphore { int unused; };
struct srcu_struct { int unused; };

enum rt_kind { RT_RCU_SECTION, RT_LOCK_HELD, RT_SLEEP_IN_ATOMIC, RT_LOCKDEP_COND, RT_UNBALANCED,
	       RT_BLOCKING_STATE, RT_STALE_POINTER, RT_NKINDS };
#define RT_ANY (-1)
#define RT_WRITE 0
#define RT_READ 1

void rt_acquire(const void *lock, int spins, int mode, int line);
int rt_try(const void *lock, int spins, int mode, int line);
/* name: the lock as the program spelled it ("" for a guard's release) */
void rt_release(const void *lock, int line, const char *name);
void rt_rcu(int delta);
void rt_srcu(const void *ssp, int delta);
void rt_preempt(int delta);
void rt_rcu_unlock(int line);
void rt_preempt_enable(int line);
void rt_irq(int delta);
/* local_bh_disable(): bottom halves off (a softirq root starts with them off) */
void rt_bh(int delta);
/* A blocking op: no atomic context, and the task running (__might_sleep()). */
void rt_sleep(int line);
/* A reschedule point (cond_resched()): no atomic context; the task state stays. */
void rt_resched(int line);
/* schedule(): no atomic context; the task runs again after it. */
void rt_schedule(int line);
void rt_task_state(int state);
/* gen.py --stale: the RCU read-side section now lasting (0: none; a new
 * number each time the nesting leaves 0), and a use of a pointer read in
 * section sec: valid while that section lasts, or when a reference pins it. */
long rt_rcu_section(void);
void rt_stale_use(long sec, int pinned, int line);
void rt_check(int kind, int ok, int line, const char *obj);
int rt_held(const void *lock, int mode);
int rt_rcu_held(void);
int rt_srcu_held(const void *ssp);
int rt_sched_held(void);
void rt_push(int line);
void rt_pop(void);
void *rt_kmalloc(size_t size, gfp_t flags, int line);
void rt_kfree(const void *p);
int opaque(void);
extern int rt_guard_line;

/* How the kernel enters a root (gen.py --irq): in process context, or as a
 * softirq (a timer: bottom halves and preemption off, IRQs on) or hardirq
 * handler (IRQs and preemption off). */
enum rt_entry { RT_PROCESS, RT_SOFTIRQ, RT_HARDIRQ };
struct rt_root { const char *name; int (*fn)(void); enum rt_entry kind; };
extern const struct rt_root rt_roots[];
/* The program's lock classes by address, as the checker names them ("sl0",
 * "srcu:ss0"): the lock order is printed by name (DEP lines). */
struct rt_lockname { const void *addr; const char *name; };
extern const struct rt_lockname rt_locknames[];
/* A blocking acquisition that may still fail (mutex_lock_interruptible()):
 * lockdep orders it when it starts waiting. */
void rt_order(const void *lock, int line);

/* A call of a generated function, recorded with its line (the driver's
 * oracle rendering wraps every call in this). */
#define RT_CALL(e) ({ rt_push(__LINE__); int __rt_v = (e); rt_pop(); __rt_v; })

/* ---- RCU ---- */
#define rcu_read_lock() rt_rcu(1)
#define rcu_read_unlock() rt_rcu_unlock(__LINE__)
#define rcu_read_lock_sched() rt_preempt(1)
#define rcu_read_unlock_sched() rt_preempt(-1)
#define rcu_read_lock_held() rt_rcu_held()
#define rcu_read_lock_sched_held() rt_sched_held()
#define rcu_dereference(p) (rt_check(RT_RCU_SECTION, rt_rcu_held(), __LINE__, "rcu"), (p))
#define rcu_dereference_check(p, c) (rt_check(RT_RCU_SECTION, (c) || rt_rcu_held(), __LINE__, "rcu"), (p))
#define rcu_dereference_sched(p) (rt_check(RT_RCU_SECTION, rt_sched_held(), __LINE__, "sched"), (p))
#define rcu_dereference_protected(p, c) (rt_check(RT_LOCKDEP_COND, (c), __LINE__, #c), (p))
#define rcu_access_pointer(p) (p)
#define lockdep_assert_in_rcu_read_lock() rt_check(RT_LOCK_HELD, rt_rcu_held(), __LINE__, "rcu")
#define synchronize_rcu() rt_sleep(__LINE__)

/* ---- SRCU ---- */
void rt_srcu_enter(const void *ssp, int line);
static inline int rt_srcu_lock(struct srcu_struct *ssp, int line) { rt_srcu_enter(ssp, line); return 0; }
#define srcu_read_lock(ssp) rt_srcu_lock((ssp), __LINE__)
#define srcu_read_unlock(ssp, idx) ((void)(idx), rt_srcu((ssp), -1))
#define srcu_read_lock_held(ssp) rt_srcu_held(ssp)
#define srcu_dereference(p, ssp) (rt_check(RT_RCU_SECTION, rt_srcu_held(ssp), __LINE__, "srcu:" #ssp), (p))
#define srcu_dereference_check(p, ssp, c) (rt_check(RT_RCU_SECTION, (c) || rt_srcu_held(ssp), __LINE__, "srcu:" #ssp), (p))

/* ---- preemption, IRQs ---- */
#define preempt_disable() rt_preempt(1)
#define preempt_enable() rt_preempt_enable(__LINE__)
#define local_irq_disable() rt_irq(1)
#define local_irq_enable() rt_irq(-1)
#define local_irq_save(f) do { rt_irq(1); (f) = 0; } while (0)
#define local_irq_restore(f) do { (void)(f); rt_irq(-1); } while (0)
#define local_bh_disable() rt_bh(1)
#define local_bh_enable() rt_bh(-1)

/* ---- spinning locks ---- */
#define spin_lock(l) rt_acquire((l), 1, RT_WRITE, __LINE__)
#define spin_unlock(l) rt_release((l), __LINE__, #l)
#define spin_trylock(l) rt_try((l), 1, RT_WRITE, __LINE__)
#define spin_lock_irqsave(l, f) do { rt_irq(1); rt_acquire((l), 1, RT_WRITE, __LINE__); (f) = 0; } while (0)
#define spin_unlock_irqrestore(l, f) do { (void)(f); rt_release((l), __LINE__, #l); rt_irq(-1); } while (0)
#define spin_lock_irq(l) do { rt_irq(1); rt_acquire((l), 1, RT_WRITE, __LINE__); } while (0)
#define spin_unlock_irq(l) do { rt_release((l), __LINE__, #l); rt_irq(-1); } while (0)
#define spin_lock_bh(l) do { rt_bh(1); rt_acquire((l), 1, RT_WRITE, __LINE__); } while (0)
#define spin_unlock_bh(l) do { rt_release((l), __LINE__, #l); rt_bh(-1); } while (0)
#define read_lock(l) rt_acquire((l), 1, RT_READ, __LINE__)
#define read_unlock(l) rt_release((l), __LINE__, #l)
#define write_lock(l) rt_acquire((l), 1, RT_WRITE, __LINE__)
#define write_unlock(l) rt_release((l), __LINE__, #l)
#define read_trylock(l) rt_try((l), 1, RT_READ, __LINE__)
#define write_trylock(l) rt_try((l), 1, RT_WRITE, __LINE__)

/* ---- sleeping locks ---- */
#define mutex_lock(m) (rt_sleep(__LINE__), rt_acquire((m), 0, RT_WRITE, __LINE__))
#define mutex_lock_interruptible(m) \
	(rt_sleep(__LINE__), rt_order((m), __LINE__), rt_try((m), 0, RT_WRITE, __LINE__) ? 0 : -4)
#define mutex_trylock(m) rt_try((m), 0, RT_WRITE, __LINE__)
#define mutex_unlock(m) rt_release((m), __LINE__, #m)
#define down_read(s) (rt_sleep(__LINE__), rt_acquire((s), 0, RT_READ, __LINE__))
#define down_write(s) (rt_sleep(__LINE__), rt_acquire((s), 0, RT_WRITE, __LINE__))
#define up_read(s) rt_release((s), __LINE__, #s)
#define up_write(s) rt_release((s), __LINE__, #s)
#define down_read_trylock(s) rt_try((s), 0, RT_READ, __LINE__)
#define down_write_trylock(s) rt_try((s), 0, RT_WRITE, __LINE__)

/* ---- lockdep ---- */
#define lockdep_is_held(l) rt_held((l), RT_ANY)
#define lockdep_is_held_type(l, r) rt_held((l), (r))
#define lockdep_assert_held(l) rt_check(RT_LOCK_HELD, rt_held((l), RT_ANY), __LINE__, #l)
#define lockdep_assert_held_once(l) lockdep_assert_held(l)
#define lockdep_assert_held_read(l) rt_check(RT_LOCK_HELD, rt_held((l), RT_READ), __LINE__, #l)
#define lockdep_assert_held_write(l) rt_check(RT_LOCK_HELD, rt_held((l), RT_WRITE), __LINE__, #l)
#define lockdep_assert_not_held(l) rt_check(RT_LOCK_HELD, !rt_held((l), RT_ANY), __LINE__, #l)

/* ---- may sleep ---- */
#define might_sleep() rt_sleep(__LINE__)
#define msleep(ms) ((void)(ms), rt_sleep(__LINE__))
#define cond_resched() (rt_resched(__LINE__), 0)
#define schedule() rt_schedule(__LINE__)
/* ---- the task state (__might_sleep(): "do not call blocking ops when !TASK_RUNNING") ---- */
#define TASK_RUNNING 0
#define TASK_INTERRUPTIBLE 1
#define TASK_UNINTERRUPTIBLE 2
#define set_current_state(s) rt_task_state(s)
#define __set_current_state(s) rt_task_state(s)
#define kmalloc(s, f) rt_kmalloc((s), (f), __LINE__)
#define kzalloc(s, f) rt_kmalloc((s), (f), __LINE__)
#define kfree(p) rt_kfree(p)

/* ---- scope-based guards (cleanup.h shapes; the guard's line is passed on) ---- */
#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...)		\
typedef _type class_##_name##_t;					\
static inline void class_##_name##_destructor(_type *p)			\
{ _type _T = *p; _exit; }						\
static inline _type class_##_name##_constructor(_init_args)		\
{ _type t = _init; return t; }
#define CLASS(_name, var)						\
	class_##_name##_t var __attribute__((cleanup(class_##_name##_destructor))) = \
		(rt_guard_line = __LINE__, class_##_name##_constructor)
#define DEFINE_GUARD(_name, _type, _lock, _unlock)			\
	DEFINE_CLASS(_name, _type, if (_T) { _unlock; }, ({ _lock; _T; }), _type _T)
#define guard(_name) CLASS(_name, __UNIQUE_ID(guard))
#define __scoped_guard(_name, _label, args...)				\
	for (CLASS(_name, scope)(args); true; ({ goto _label; }))	\
		if (0) {						\
_label:									\
			break;						\
		} else
#define scoped_guard(_name, args...) __scoped_guard(_name, __UNIQUE_ID(label), args)
#define DEFINE_LOCK_GUARD_0(_name, _lock, _unlock)			\
typedef struct { void *lock; } class_##_name##_t;			\
static inline void class_##_name##_destructor(class_##_name##_t *_T)	\
{ if (_T->lock) { _unlock; } }						\
static inline class_##_name##_t class_##_name##_constructor(void)	\
{ class_##_name##_t _t = { .lock = (void *)1 }; _lock; return _t; }

DEFINE_GUARD(spinlock, spinlock_t *, rt_acquire(_T, 1, RT_WRITE, rt_guard_line), rt_release(_T, 0, ""))
DEFINE_GUARD(read_lock, rwlock_t *, rt_acquire(_T, 1, RT_READ, rt_guard_line), rt_release(_T, 0, ""))
DEFINE_GUARD(write_lock, rwlock_t *, rt_acquire(_T, 1, RT_WRITE, rt_guard_line), rt_release(_T, 0, ""))
DEFINE_GUARD(mutex, struct mutex *, (rt_sleep(rt_guard_line), rt_acquire(_T, 0, RT_WRITE, rt_guard_line)), rt_release(_T, 0, ""))
DEFINE_LOCK_GUARD_0(rcu, rt_rcu(1), rt_rcu(-1))

#endif
