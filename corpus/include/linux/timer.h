/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: timers (their callbacks run in softirq context). */
#ifndef _MINI_LINUX_TIMER_H
#define _MINI_LINUX_TIMER_H

#include <linux/compiler.h>

struct timer_list { unsigned long expires; void (*function)(struct timer_list *); };
void init_timer_key(struct timer_list *timer, void (*func)(struct timer_list *),
		    unsigned int flags, const char *name, void *key);
#define __init_timer(_timer, _fn, _flags) init_timer_key((_timer), (_fn), (_flags), 0, 0)
#define timer_setup(timer, callback, flags) __init_timer((timer), (callback), (flags))
int mod_timer(struct timer_list *timer, unsigned long expires);

#endif
