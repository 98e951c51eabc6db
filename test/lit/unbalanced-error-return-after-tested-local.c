// RUN: %verify %s
// `if (err) return err;` with the lock still held is the classic leak, even
// where the analysis knows the returned integer is non-zero (a value it
// tested) and the unlocked path returns 0: held on "error or positive" is
// no lock-and-return protocol (those hold on success). A pointer tested
// earlier in the function (which makes the test of err remembered) must
// not turn the leak into a protocol.
#include <linux/spinlock.h>

struct item { int v; };
struct foo { spinlock_t lock; int x; };
struct item *lookup(struct foo *f);
int check(struct item *it);

int leak_after_lookup(struct foo *f)
{
	struct item *it = lookup(f);
	int err;

	if (!it)
		return -2;
	spin_lock(&f->lock);
	err = check(it);
	if (err)
		return err; // expected-warning {{returns with 'struct foo::lock' held on this path but not on others}}
	f->x++;
	spin_unlock(&f->lock);
	return 0;
}

/* The protocol: held on success (0), dropped with an error. */
int lock_if_ok(struct foo *f)
{
	struct item *it = lookup(f);
	int err;

	if (!it)
		return -2;
	spin_lock(&f->lock);
	err = check(it);
	if (err) {
		spin_unlock(&f->lock);
		return err;
	}
	return 0;
}
