/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: hrtimers (hardirq callbacks unless _SOFT). */
#ifndef _MINI_LINUX_HRTIMER_H
#define _MINI_LINUX_HRTIMER_H

#include <linux/compiler.h>

enum hrtimer_restart { HRTIMER_NORESTART, HRTIMER_RESTART };
struct hrtimer { enum hrtimer_restart (*function)(struct hrtimer *); };
/* As include/linux/hrtimer.h: _SOFT timers expire in softirq context. */
enum hrtimer_mode {
	HRTIMER_MODE_ABS	= 0x00,
	HRTIMER_MODE_REL	= 0x01,
	HRTIMER_MODE_PINNED	= 0x02,
	HRTIMER_MODE_SOFT	= 0x04,
	HRTIMER_MODE_HARD	= 0x08,
	HRTIMER_MODE_ABS_SOFT	= HRTIMER_MODE_ABS | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_REL_SOFT	= HRTIMER_MODE_REL | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_ABS_HARD	= HRTIMER_MODE_ABS | HRTIMER_MODE_HARD,
	HRTIMER_MODE_REL_HARD	= HRTIMER_MODE_REL | HRTIMER_MODE_HARD,
};
#define CLOCK_MONOTONIC		1
#define CLOCK_BOOTTIME		7
void hrtimer_init(struct hrtimer *timer, int clock_id, enum hrtimer_mode mode);

#endif
