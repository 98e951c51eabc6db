/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: kthreads. */
#ifndef _MINI_LINUX_KTHREAD_H
#define _MINI_LINUX_KTHREAD_H

#include <linux/sched.h>

struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data,
					   int node, const char namefmt[], ...);
#define kthread_create(threadfn, data, namefmt, arg...) \
	kthread_create_on_node(threadfn, data, -1, namefmt, ##arg)
#define kthread_run(threadfn, data, namefmt, ...)				\
({									\
	struct task_struct *__k = kthread_create(threadfn, data, namefmt, ## __VA_ARGS__); \
	__k;								\
})
int kthread_should_stop(void);

#endif
