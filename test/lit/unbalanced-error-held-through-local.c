// RUN: %verify %s
// The classic error-path leak through an integer local: the error stored
// (or tested) and a `goto` past the unlock, the lock released on the path
// that returns 0. Returned through `ret`, that reads "held iff error",
// which no lock-and-return protocol means (those hold on success), and
// the value came from the function's own stores and tests, not a callee's
// split: a leak, reported at the goto that skipped the unlock.
#include <linux/mutex.h>

struct dev { struct mutex lock; int state, n; };
int prepare(struct dev *d);

int set_state(struct dev *d, int s)
{
	int ret = 0;

	mutex_lock(&d->lock);
	if (d->state) {
		ret = -16;
		goto out; // expected-warning {{returns with 'struct dev::lock' held on this path but not on others}}
	}
	d->state = s;
	mutex_unlock(&d->lock);
out:
	return ret;
}

int update(struct dev *d)
{
	int ret;

	mutex_lock(&d->lock);
	ret = prepare(d);
	if (ret)
		goto out; // expected-warning {{returns with 'struct dev::lock' held on this path but not on others}}
	d->n++;
	mutex_unlock(&d->lock);
out:
	return ret;
}

int update_negative(struct dev *d)
{
	int ret;

	mutex_lock(&d->lock);
	ret = prepare(d);
	if (ret < 0)
		goto out; // expected-warning {{returns with 'struct dev::lock' held on this path but not on others}}
	d->n++;
	mutex_unlock(&d->lock);
	ret = 0;
out:
	return ret;
}
