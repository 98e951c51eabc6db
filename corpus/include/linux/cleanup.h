/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: scope-based guards, shaped like 6.12's cleanup.h. */
#ifndef _MINI_LINUX_CLEANUP_H
#define _MINI_LINUX_CLEANUP_H

#include <linux/compiler.h>

#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...)		\
typedef _type class_##_name##_t;					\
static inline void class_##_name##_destructor(_type *p)			\
{ _type _T = *p; _exit; }						\
static inline _type class_##_name##_constructor(_init_args)		\
{ _type t = _init; return t; }

#define CLASS(_name, var)						\
	class_##_name##_t var __cleanup(class_##_name##_destructor) =	\
		class_##_name##_constructor

#define DEFINE_GUARD(_name, _type, _lock, _unlock)			\
	DEFINE_CLASS(_name, _type, if (_T) { _unlock; }, ({ _lock; _T; }), _type _T); \
	static inline void *class_##_name##_lock_ptr(class_##_name##_t *_T) \
	{ return (void *)(unsigned long)*_T; }

#define guard(_name) CLASS(_name, __UNIQUE_ID(guard))

#define __scoped_guard(_name, _label, args...)				\
	for (CLASS(_name, scope)(args); true; ({ goto _label; }))	\
		if (0) {						\
_label:									\
			break;						\
		} else

#define scoped_guard(_name, args...)	\
	__scoped_guard(_name, __UNIQUE_ID(label), args)

/* A guard with no lock argument (rcu, preempt, irq): a dummy pointer-sized state. */
#define DEFINE_LOCK_GUARD_0(_name, _lock, _unlock, ...)			\
typedef struct { void *lock; } class_##_name##_t;			\
static inline void class_##_name##_destructor(class_##_name##_t *_T)	\
{ if (_T->lock) { _unlock; } }						\
static inline class_##_name##_t class_##_name##_constructor(void)	\
{ class_##_name##_t _t = { .lock = (void *)1 }, *_T __maybe_unused = &_t; \
  _lock; return _t; }

#endif
