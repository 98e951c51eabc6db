/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: sleepable RCU, one domain per srcu_struct. */
#ifndef _MINI_LINUX_SRCU_H
#define _MINI_LINUX_SRCU_H

#include <linux/rcupdate.h>

struct srcu_struct { int idx; struct lockdep_map dep_map; };
int __srcu_read_lock(struct srcu_struct *ssp);
void __srcu_read_unlock(struct srcu_struct *ssp, int idx);
int srcu_read_lock_held(const struct srcu_struct *ssp);
static inline int srcu_read_lock(struct srcu_struct *ssp) { return __srcu_read_lock(ssp); }
static inline void srcu_read_unlock(struct srcu_struct *ssp, int idx) { __srcu_read_unlock(ssp, idx); }
void synchronize_srcu(struct srcu_struct *ssp);

#define srcu_dereference_check(p, ssp, c) \
	__rcu_dereference_check((p), __UNIQUE_ID(rcu), (c) || srcu_read_lock_held(ssp), __rcu)
#define srcu_dereference(p, ssp) srcu_dereference_check((p), (ssp), 0)

#endif
