/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: RTNL, the networking stack's configuration
 * lock. As 6.12: a mutex static in net/core/rtnetlink.c, taken and dropped
 * only through the functions declared here. */
#ifndef _MINI_LINUX_RTNETLINK_H
#define _MINI_LINUX_RTNETLINK_H

#include <linux/compiler.h>
#include <linux/rcupdate.h>

void rtnl_lock(void);
void rtnl_unlock(void);
int rtnl_trylock(void);
int rtnl_is_locked(void);
int rtnl_lock_killable(void);
bool lockdep_rtnl_is_held(void);

#define rcu_dereference_rtnl(p) rcu_dereference_check(p, lockdep_rtnl_is_held())
#define rtnl_dereference(p) rcu_dereference_protected(p, lockdep_rtnl_is_held())

#endif
