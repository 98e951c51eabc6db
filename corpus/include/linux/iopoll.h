/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: register polling (corpus addition). Shaped like
 * 6.12's iopoll.h: readx_poll_timeout() may sleep between reads (it calls
 * might_sleep() when sleep_us is non-zero and usleep_range() in its loop);
 * readx_poll_timeout_atomic() busy-waits with udelay() and never sleeps.
 */
#ifndef _MINI_LINUX_IOPOLL_H
#define _MINI_LINUX_IOPOLL_H

#include <linux/compiler.h>
#include <linux/sched.h>

#ifndef ETIMEDOUT
#define ETIMEDOUT 110
#endif

void udelay(unsigned long usecs);
u64 ktime_get_us(void);

#define read_poll_timeout(op, val, cond, sleep_us, timeout_us,		\
			  sleep_before_read, args...)			\
({									\
	u64 __timeout_us = (timeout_us);				\
	unsigned long __sleep_us = (sleep_us);				\
	u64 __timeout = ktime_get_us() + __timeout_us;			\
	int __ret = 0;							\
	if (__sleep_us)							\
		might_sleep();						\
	if ((sleep_before_read) && __sleep_us)				\
		usleep_range((__sleep_us >> 2) + 1, __sleep_us);	\
	for (;;) {							\
		(val) = op(args);					\
		if (cond)						\
			break;						\
		if (__timeout_us && ktime_get_us() > __timeout) {	\
			(val) = op(args);				\
			__ret = (cond) ? 0 : -ETIMEDOUT;		\
			break;						\
		}							\
		if (__sleep_us)						\
			usleep_range((__sleep_us >> 2) + 1, __sleep_us); \
	}								\
	__ret;								\
})

#define read_poll_timeout_atomic(op, val, cond, delay_us, timeout_us,	\
				 delay_before_read, args...)		\
({									\
	u64 __timeout_us = (timeout_us);				\
	unsigned long __delay_us = (delay_us);				\
	u64 __left_us = __timeout_us;					\
	int __ret = 0;							\
	if ((delay_before_read) && __delay_us)				\
		udelay(__delay_us);					\
	for (;;) {							\
		(val) = op(args);					\
		if (cond)						\
			break;						\
		if (__timeout_us && __left_us <= __delay_us) {		\
			(val) = op(args);				\
			__ret = (cond) ? 0 : -ETIMEDOUT;		\
			break;						\
		}							\
		if (__delay_us) {					\
			udelay(__delay_us);				\
			__left_us -= __delay_us;			\
		}							\
	}								\
	__ret;								\
})

#define readx_poll_timeout(op, addr, val, cond, sleep_us, timeout_us)	\
	read_poll_timeout(op, val, cond, sleep_us, timeout_us, false, addr)
#define readx_poll_timeout_atomic(op, addr, val, cond, delay_us, timeout_us) \
	read_poll_timeout_atomic(op, val, cond, delay_us, timeout_us, false, addr)

#endif
