/* SPDX-License-Identifier: MIT */
/* Kernel atomics on top of the GCC/Clang __atomic builtins. */
#ifndef _MMUREF_LINUX_ATOMIC_H
#define _MMUREF_LINUX_ATOMIC_H

#include <linux/types.h>

typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;

#define ATOMIC_INIT(i)		{ (i) }

static inline int atomic_read(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic_set(atomic_t *v, int i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_inc(atomic_t *v)
{
	__atomic_fetch_add(&v->counter, 1, __ATOMIC_SEQ_CST);
}

static inline bool atomic_dec_and_test(atomic_t *v)
{
	return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST) == 0;
}

/* Take a reference unless the count already dropped to zero. */
static inline bool atomic_inc_not_zero(atomic_t *v)
{
	int old = atomic_read(v);

	while (old) {
		if (__atomic_compare_exchange_n(&v->counter, &old, old + 1,
						false, __ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

static inline s64 atomic64_read(const atomic64_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic64_set(atomic64_t *v, s64 i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic64_add(s64 i, atomic64_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic64_inc(atomic64_t *v)
{
	atomic64_add(1, v);
}

static inline void atomic64_dec(atomic64_t *v)
{
	atomic64_add(-1, v);
}

/* Full-barrier 64-bit exchange and compare-exchange, as on x86. */
static inline u64 xchg64(u64 *ptr, u64 new_val)
{
	return __atomic_exchange_n(ptr, new_val, __ATOMIC_SEQ_CST);
}

/* On failure *old is updated with the current value, like the kernel's. */
static inline bool try_cmpxchg64(u64 *ptr, u64 *old, u64 new_val)
{
	return __atomic_compare_exchange_n(ptr, old, new_val, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

#endif /* _MMUREF_LINUX_ATOMIC_H */
