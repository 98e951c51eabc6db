// RUN: %verify %s
// `if ((rc = test()) < 0)` tests the local the value was just stored in, as
// `rc = test(); if (rc < 0)` does. 6.12's usblp_rwait_and_lock()
// (drivers/usb/class/usblp.c) returns 0 with usblp->mut held ("Keep it
// locked") and a negative errno after dropping it: a whole-kernel
// "returns with 'struct usblp::mut' held on this path but not on others",
// false. Keeping the lock on one error path is still reported.
#include <linux/mutex.h>

struct usblp { struct mutex mut; };
int rtest(struct usblp *u, int nonblock);
void schedule(void);

int rwait_and_lock(struct usblp *usblp, int nonblock)
{
	int rc;

	for (;;) {
		if (mutex_lock_interruptible(&usblp->mut)) {
			rc = -4;
			break;
		}
		if ((rc = rtest(usblp, nonblock)) < 0) {
			mutex_unlock(&usblp->mut);
			break;
		}
		if (rc == 0) /* keep it locked */
			break;
		mutex_unlock(&usblp->mut);
		schedule();
	}
	return rc;
}

/* The same tests with direct returns, and one error path keeping the lock. */
int lock_unless_error(struct usblp *usblp, int nonblock)
{
	int rc;

	if (mutex_lock_interruptible(&usblp->mut))
		return -4;
	if ((rc = rtest(usblp, nonblock)) < 0) {
		mutex_unlock(&usblp->mut);
		return rc;
	}
	if (rc == 0)
		return 0;
	mutex_unlock(&usblp->mut);
	return 1;
}

int lock_kept_on_error(struct usblp *usblp, int nonblock)
{
	int rc;

	if (mutex_lock_interruptible(&usblp->mut))
		return -4;
	if ((rc = rtest(usblp, nonblock)) < 0)
		return rc; // expected-warning {{returns with 'struct usblp::mut' held on this path but not on others}}
	if (rc == 0)
		return 0;
	mutex_unlock(&usblp->mut);
	return 1;
}
