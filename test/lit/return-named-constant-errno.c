// A function that gives the caller's lock up with one error alone: 6.12's
// fs/autofs/waitq.c validate_request() is called with sbi->wq_mutex held,
// drops and retakes it while an expiry runs, and returns -EINTR where
// retaking it was interrupted -- its other errors and 1 with the mutex held.
// autofs_wait() unlocks `if (ret != -EINTR)`. -EINTR is a class of its own
// in validate_request()'s exits (VC_Const, docs/return-values.md): neither
// function is unbalanced, and a caller that unlocks on -EINTR is caught.
// A function that takes the lock itself and returns another error with it
// held still leaks (kernel-protocols.c's vcpu_ioctl_leak()), as does one
// whose other errors may be -EINTR too (from a callee). A call whose mode
// picks only exits that never return -EINTR has no `ret == -EINTR` path.
// RUN: %verify %s
#include <linux/mutex.h>
#include <linux/slab.h>

struct sbi { struct mutex wq_mutex, other; int flags; };
struct wq { int x; };
extern struct wq *find_wait(struct sbi *sbi);
extern int expiring(struct sbi *sbi);
extern void sleep_a_bit(void);
extern int other_error(void);

static int validate_request(struct wq **wait, struct sbi *sbi)
{
	struct wq *wq;

	if (sbi->flags)
		return -ENOENT;
	wq = find_wait(sbi);
	if (wq) {
		*wait = wq;
		return 1;
	}
	*wait = 0;
	while (expiring(sbi)) {
		mutex_unlock(&sbi->wq_mutex);
		sleep_a_bit();
		if (mutex_lock_interruptible(&sbi->wq_mutex))
			return -EINTR;
		if (sbi->flags)
			return -ENOENT;
		wq = find_wait(sbi);
		if (wq) {
			*wait = wq;
			return 1;
		}
	}
	return 0;
}

int autofs_wait(struct sbi *sbi)
{
	struct wq *wq;
	char *name = kmalloc(16, GFP_KERNEL);
	int ret;

	if (mutex_lock_interruptible(&sbi->wq_mutex)) {
		kfree(name);
		return -EINTR;
	}
	ret = validate_request(&wq, sbi);
	if (ret <= 0) {
		if (ret != -EINTR)
			mutex_unlock(&sbi->wq_mutex);
		kfree(name);
		return ret;
	}
	mutex_unlock(&sbi->wq_mutex);
	return 0;
}

int unlocks_on_eintr(struct sbi *sbi)
{
	struct wq *wq;
	int ret;

	mutex_lock(&sbi->wq_mutex);
	ret = validate_request(&wq, sbi);
	if (ret == -EINTR) {
		mutex_unlock(&sbi->wq_mutex); // expected-warning {{unlock of 'struct sbi::wq_mutex', which is not held here [rcuctx-unbalanced]}}
		return ret;
	}
	mutex_unlock(&sbi->wq_mutex);
	return 0;
}

// Its other errors may be -EINTR too: no class of its own.
static int validate_or_callee(struct sbi *sbi)
{
	if (sbi->flags)
		return other_error();
	mutex_unlock(&sbi->wq_mutex);
	if (mutex_lock_interruptible(&sbi->wq_mutex))
		return -EINTR;
	if (sbi->flags) // expected-warning@+1 {{returns with 'struct sbi::wq_mutex' held on this path but not on others [rcuctx-unbalanced]}}
		return -ENOENT;
	return 1;
}

int uses_other(struct sbi *sbi)
{
	int ret;

	mutex_lock(&sbi->wq_mutex);
	ret = validate_or_callee(sbi);
	if (ret != -EINTR)
		mutex_unlock(&sbi->wq_mutex);
	return ret;
}

// The constant returned in one mode only (`interruptible`): a call in the
// other mode knows the value is never -EINTR, so its `ret == -EINTR`
// branch is no path (the callee's other errors are all other constants).
static int validate_mode(struct sbi *sbi, _Bool interruptible)
{
	while (expiring(sbi)) {
		mutex_unlock(&sbi->wq_mutex);
		if (interruptible) {
			if (mutex_lock_interruptible(&sbi->wq_mutex))
				return -EINTR;
		} else {
			mutex_lock(&sbi->wq_mutex);
		}
		if (sbi->flags)
			return -ENOENT;
	}
	if (!interruptible && sbi->flags == 2) {
		mutex_unlock(&sbi->wq_mutex);
		return 2;
	}
	return 0;
}

int wait_uninterruptible(struct sbi *sbi)
{
	int ret;

	mutex_lock(&sbi->wq_mutex);
	ret = validate_mode(sbi, 0);
	if (ret > 0)
		return ret;
	if (ret != -EINTR)
		mutex_unlock(&sbi->wq_mutex);
	return ret;
}

int wait_interruptible(struct sbi *sbi)
{
	int ret;

	mutex_lock(&sbi->wq_mutex);
	ret = validate_mode(sbi, 1);
	if (ret != -EINTR)
		mutex_unlock(&sbi->wq_mutex);
	return ret;
}
