// Two errors of a function that takes a lock itself, one returned where
// taking it failed (the lock as at entry) and one after dropping it: the
// same context for every caller (none holds that lock at entry), so no
// named constant class tells them apart. Linux 6.12's fs/exec.c
// prepare_bprm_creds() returns -ERESTARTNOINTR where
// mutex_lock_interruptible(&cred_guard_mutex) failed and -ENOMEM after
// mutex_unlock(); bprm_execve() returns either at once, and later errors
// with the mutex held for free_bprm() to drop (by bprm->cred). Carving one
// of the two out made that early return judged 'free' against the held
// ones: a false "held on this path but not on others" in a file with no
// finding before (the seventh session's whole-kernel build).
// RUN: %verify %s
// expected-no-diagnostics
#include <linux/mutex.h>

struct sig { struct mutex cred_guard_mutex; };
struct bprm { void *cred; };
extern void *prepare_exec_creds(void);
extern int step(struct bprm *b);

static int prepare_creds(struct sig *s, struct bprm *b)
{
	if (mutex_lock_interruptible(&s->cred_guard_mutex))
		return -513;
	b->cred = prepare_exec_creds();
	if (b->cred)
		return 0;
	mutex_unlock(&s->cred_guard_mutex);
	return -12;
}

int execve_like(struct sig *s, struct bprm *b)
{
	int retval = prepare_creds(s, b);

	if (retval)
		return retval;
	retval = step(b);
	if (retval < 0)
		goto out;
	return retval;
out:
	return retval;
}
