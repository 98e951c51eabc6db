/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: work items. As in 6.12, INIT_WORK() ends in an
 * assignment to ->func. */
#ifndef _MINI_LINUX_WORKQUEUE_H
#define _MINI_LINUX_WORKQUEUE_H

#include <linux/compiler.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
struct work_struct { long data; work_func_t func; };
struct delayed_work { struct work_struct work; };

#define __INIT_WORK(_work, _func, _onstack)	\
	do {					\
		(_work)->data = 0;		\
		(_work)->func = (_func);	\
	} while (0)
#define INIT_WORK(_work, _func) __INIT_WORK((_work), (_func), 0)
#define INIT_DELAYED_WORK(_work, _func) INIT_WORK(&(_work)->work, (_func))
bool schedule_work(struct work_struct *work);

#endif
