// goto-based error paths: the shared exit releases on every path; a goto
// that jumps past the unlock is found, and reported at the goto.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/mutex.h>
#include <linux/slab.h>

struct dev { struct mutex lock; void *buf; int state; };

int good(struct dev *d)
{
	int ret = 0;

	mutex_lock(&d->lock);
	d->buf = kmalloc(16, GFP_KERNEL);
	if (!d->buf) {
		ret = -ENOMEM;
		goto out;
	}
	d->state = 1;
out:
	mutex_unlock(&d->lock);
	return ret;
}

int bad(struct dev *d)
{
	int ret = 0;

	mutex_lock(&d->lock);
	if (d->state)
		goto err; // expected-warning {{returns with 'struct dev::lock' held on this path but not on others}}
	d->buf = kmalloc(16, GFP_KERNEL);
	if (!d->buf) {
		ret = -ENOMEM;
		goto out;
	}
	mutex_unlock(&d->lock);
	return 0;
out:
	mutex_unlock(&d->lock);
err:
	return ret;
}
