/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: static calls. The shapes follow 6.12's
 * static_call.h / static_call_types.h for x86_64: a call goes through the
 * trampoline `__SCT__name` (inside a statement expression, as with
 * HAVE_STATIC_CALL_INLINE), static_call_update() stores the new target
 * through a local `__F` into `__static_call_update(&__SCK__name, ...)`.
 * With MINI_NO_HAVE_STATIC_CALL the generic fallback is used instead: the
 * call reads `__SCK__name.func`.
 */
#ifndef _MINI_LINUX_STATIC_CALL_H
#define _MINI_LINUX_STATIC_CALL_H

struct static_call_key {
	void *func;
};

#define STATIC_CALL_KEY(name)	__SCK__##name
#define STATIC_CALL_TRAMP(name)	__SCT__##name

#define DECLARE_STATIC_CALL(name, func)					\
	extern struct static_call_key STATIC_CALL_KEY(name);		\
	extern typeof(func) STATIC_CALL_TRAMP(name)

#define DEFINE_STATIC_CALL(name, _func)					\
	DECLARE_STATIC_CALL(name, _func);				\
	struct static_call_key STATIC_CALL_KEY(name) = { .func = _func }

#define DEFINE_STATIC_CALL_NULL(name, _func)				\
	DECLARE_STATIC_CALL(name, _func);				\
	struct static_call_key STATIC_CALL_KEY(name) = { .func = 0 }

extern void __static_call_update(struct static_call_key *key, void *tramp, void *func);
extern long __static_call_return0(void);

#ifndef MINI_NO_HAVE_STATIC_CALL
#define static_call(name)	({ (&STATIC_CALL_TRAMP(name)); })
#define STATIC_CALL_TRAMP_ADDR(name) &STATIC_CALL_TRAMP(name)
#else
#define static_call(name)						\
	((typeof(STATIC_CALL_TRAMP(name)) *)(STATIC_CALL_KEY(name).func))
#define STATIC_CALL_TRAMP_ADDR(name) 0
#endif

#define static_call_cond(name)	(void)static_call(name)

#define static_call_update(name, func)					\
({									\
	typeof(&STATIC_CALL_TRAMP(name)) __F = (func);			\
	__static_call_update(&STATIC_CALL_KEY(name),			\
			     STATIC_CALL_TRAMP_ADDR(name), __F);	\
})

#endif
