// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #45: wiphy_unregister() waits for the wiphy's open count to
 * reach zero with wait_event(), and the condition reads the count under the
 * wiphy mutex. wait_event() evaluates its condition again after
 * prepare_to_wait_event() has set TASK_UNINTERRUPTIBLE, so wiphy_lock()'s
 * mutex_lock() -- a blocking op -- runs in that state: with
 * CONFIG_DEBUG_ATOMIC_SLEEP, __might_sleep() warns "do not call blocking
 * ops when !TASK_RUNNING" whenever an interface is still open at
 * unregister. (A contended mutex resets the state, so the wait only loops
 * once more; no wakeup is lost.)
 *
 * Found by rcuctx in Linux 6.12's net/wireless/core.c (the whole-kernel
 * run, kernel/TRIAGE-rest-6.12.md). No upstream fix is known to us;
 * fixed.c is the change we propose: read the count without the lock.
 */
#include <linux/mutex.h>
#include <linux/sched.h>

/* include/linux/wait.h, reduced: the condition is tested once running,
 * then after each prepare_to_wait_event(). */
struct wait_queue_head { int dummy; };
struct wait_queue_entry { void *private; };
long prepare_to_wait_event(struct wait_queue_head *wq, struct wait_queue_entry *e, int state);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e);
#define wait_event(wq_head, condition)						\
do {										\
	struct wait_queue_entry __wq_entry;					\
	if (condition)								\
		break;								\
	for (;;) {								\
		prepare_to_wait_event(&(wq_head), &__wq_entry, TASK_UNINTERRUPTIBLE); \
		if (condition)							\
			break;							\
		schedule();							\
	}									\
	finish_wait(&(wq_head), &__wq_entry);					\
} while (0)

struct wiphy { struct mutex mtx; };
struct cfg80211_registered_device {
	struct wiphy wiphy;
	struct wait_queue_head dev_wait;
	int opencount;
};
static inline void wiphy_lock(struct wiphy *wiphy) { mutex_lock(&wiphy->mtx); }
static inline void wiphy_unlock(struct wiphy *wiphy) { mutex_unlock(&wiphy->mtx); }
void rfkill_teardown(struct wiphy *wiphy);

void wiphy_unregister(struct cfg80211_registered_device *rdev)
{
	/* Reported at the wait_event(), where the condition is expanded. */
	wait_event(rdev->dev_wait, ({ // expected-warning {{'wiphy_lock' may block, but the task state is not TASK_RUNNING here}}
		int __count;
		wiphy_lock(&rdev->wiphy);
		__count = rdev->opencount;
		wiphy_unlock(&rdev->wiphy);
		__count == 0; }));

	rfkill_teardown(&rdev->wiphy);
}
