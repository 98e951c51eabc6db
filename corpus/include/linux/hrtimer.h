/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: hrtimers (hardirq callbacks unless _SOFT). */
#ifndef _MINI_LINUX_HRTIMER_H
#define _MINI_LINUX_HRTIMER_H

#include <linux/compiler.h>

enum hrtimer_restart { HRTIMER_NORESTART, HRTIMER_RESTART };
struct hrtimer { enum hrtimer_restart (*function)(struct hrtimer *); };
void hrtimer_init(struct hrtimer *timer, int clock_id, int mode);

#endif
