// RUN: %verify %debug_config %s
// expected-no-diagnostics
// With lockdep the kernel's mutex_lock_interruptible() is a macro over
// mutex_lock_interruptible_nested(). Its result stored in a local and tested
// later (`ret = mutex_lock_interruptible(l); if (ret < 0) goto out;`) decides
// the lock as the function's does: held on the fall-through, so the
// assertion is met inside and nothing is required of the ioctl
// (seccomp_notify_send() and seccomp_notify_addfd() in kernel/seccomp.c).
// The macro's split was lost, and the ioctl was reported.
#include <linux/fs.h>
#include <linux/mutex.h>

int mutex_lock_interruptible_nested(struct mutex *lock, unsigned int subclass);
#define mutex_lock_interruptible(lock) mutex_lock_interruptible_nested(lock, 0)

struct filter { struct mutex notify_lock; int n; };

static void need_lock(struct filter *f)
{
	lockdep_assert_held(&f->notify_lock);
}

long notify_ioctl(struct filter *f)
{
	long ret;

	ret = mutex_lock_interruptible(&f->notify_lock);
	if (ret < 0)
		goto out;
	need_lock(f);
	mutex_unlock(&f->notify_lock);
out:
	return ret;
}

static long filter_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct filter *f = file->private_data;

	return notify_ioctl(f); // no "requires 'notify_lock' held": it takes it
}

const struct file_operations filter_fops = {
	.unlocked_ioctl = filter_ioctl,
};
