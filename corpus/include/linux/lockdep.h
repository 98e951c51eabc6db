/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: lockdep predicates and assertions (6.12 shapes). */
#ifndef _MINI_LINUX_LOCKDEP_H
#define _MINI_LINUX_LOCKDEP_H

#include <linux/compiler.h>

struct lockdep_map { const char *name; };

#define LOCK_STATE_NOT_HELD 0
#define SINGLE_DEPTH_NESTING 1	/* lockdep_types.h: defined in every config */

struct lock_class_key { int subkeys; };
#ifdef CONFIG_LOCKDEP
void lockdep_init_map_type(struct lockdep_map *lock, const char *name,
			   struct lock_class_key *key, int subclass);
#define lockdep_set_class(lock, key) \
	lockdep_init_map_type(&(lock)->dep_map, #key, key, 0)
#define lockdep_set_subclass(lock, sub) \
	lockdep_init_map_type(&(lock)->dep_map, "sub", 0, sub)
#else
/* As 6.12: the lock is not even evaluated. */
#define lockdep_set_class(lock, key)	do { (void)(key); } while (0)
#define lockdep_set_subclass(lock, sub)	do { } while (0)
#endif

#ifdef CONFIG_LOCKDEP
extern int debug_locks;
int lock_is_held_type(const struct lockdep_map *lock, int read);
static inline int lock_is_held(const struct lockdep_map *lock)
{
	return lock_is_held_type(lock, -1);
}
#define lockdep_is_held(lock)		lock_is_held(&(lock)->dep_map)
#define lockdep_is_held_type(lock, r)	lock_is_held_type(&(lock)->dep_map, (r))
#define lockdep_assert(cond)		do { WARN_ON(debug_locks && !(cond)); } while (0)
#define lockdep_assert_once(cond)	do { WARN_ON_ONCE(debug_locks && !(cond)); } while (0)
#define lockdep_assert_held(l)		lockdep_assert(lockdep_is_held(l) != LOCK_STATE_NOT_HELD)
#define lockdep_assert_not_held(l)	lockdep_assert(lockdep_is_held(l) != 1)
#define lockdep_assert_held_write(l)	lockdep_assert(lockdep_is_held_type(l, 0))
#define lockdep_assert_held_read(l)	lockdep_assert(lockdep_is_held_type(l, 1))
#define lockdep_assert_held_once(l)	lockdep_assert_once(lockdep_is_held(l) != LOCK_STATE_NOT_HELD)
#else
/* As 6.12: dummy declarations, so code compiles without ifdefs. */
extern int lock_is_held(const void *);
extern int lockdep_is_held(const void *);
#define lockdep_is_held_type(l, r)	(1)
#define lockdep_assert(c)		do { } while (0)
#define lockdep_assert_once(c)		do { } while (0)
#define lockdep_assert_held(l)		do { (void)(l); } while (0)
#define lockdep_assert_not_held(l)	do { (void)(l); } while (0)
#define lockdep_assert_held_write(l)	do { (void)(l); } while (0)
#define lockdep_assert_held_read(l)	do { (void)(l); } while (0)
#define lockdep_assert_held_once(l)	do { (void)(l); } while (0)
#endif

#define lockdep_assert_irqs_disabled()		do { } while (0)
#define lockdep_assert_preemption_disabled()	do { } while (0)

#endif
