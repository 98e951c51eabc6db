/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: RCU-protected lists. */
#ifndef _MINI_LINUX_RCULIST_H
#define _MINI_LINUX_RCULIST_H

#include <linux/rcupdate.h>

struct list_head { struct list_head *next, *prev; };
#define list_entry(ptr, type, member) container_of(ptr, type, member)

#define __list_check_rcu(dummy, cond, extra...)				\
	({ RCU_LOCKDEP_WARN(!(cond) && !rcu_read_lock_any_held(),	\
			    "RCU-list traversed in non-reader section!"); })

#define list_entry_rcu(ptr, type, member) \
	container_of(READ_ONCE(ptr), type, member)

#define list_for_each_entry_rcu(pos, head, member, cond...)		\
	for (__list_check_rcu(dummy, ## cond, 0),			\
	     pos = list_entry_rcu((head)->next, typeof(*pos), member);	\
		&pos->member != (head);					\
		pos = list_entry_rcu(pos->member.next, typeof(*pos), member))

void list_add_rcu(struct list_head *new, struct list_head *head);
void list_add_tail_rcu(struct list_head *new, struct list_head *head);
void list_del_rcu(struct list_head *entry);

#endif
