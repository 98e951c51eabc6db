// Subclass annotations on paths that differ: the instances released in
// either order on two branches, a try-lock with a subclass whose result is
// stored and tested later, a mode that differs between the two instances.
// None is a deadlock and none is reported: not an "already held", not a
// cycle through the plain class where lockdep sees "C/1", not a
// "held for read" where one instance is held for write.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct map { spinlock_t lock; spinlock_t aux; struct rw_semaphore sem; struct mutex m; struct mutex x; int v; };

void either_order(struct map *a, struct map *b, int x)
{
	spin_lock(&a->lock);
	if (x) {
		spin_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
		spin_unlock(&b->lock);
		spin_unlock(&a->lock);
	} else {
		spin_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
		spin_unlock(&a->lock);
		spin_unlock(&b->lock);
	}
}

int stored_result(struct map *b)
{
	int ret = mutex_lock_killable_nested(&b->m, SINGLE_DEPTH_NESTING);

	if (ret)
		return ret;
	mutex_lock(&b->x);
	b->v++;
	mutex_unlock(&b->x);
	mutex_unlock(&b->m);
	return 0;
}

void x_then_m(struct map *b)
{
	mutex_lock(&b->x);
	mutex_lock(&b->m);
	mutex_unlock(&b->m);
	mutex_unlock(&b->x);
}

void read_then_write_nested(struct map *a, struct map *b)
{
	down_read(&a->sem);
	down_write_nested(&b->sem, SINGLE_DEPTH_NESTING);
	lockdep_assert_held_write(&b->sem);
	up_write(&b->sem);
	up_read(&a->sem);
}

// expected-no-diagnostics
