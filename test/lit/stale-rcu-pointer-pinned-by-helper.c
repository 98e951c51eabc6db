// RUN: %verify %s
// A reference taken inside the section, through a helper whose body the
// analysis sees, pins the object: the pointer is valid after the section
// (issue #14: 6.12's mm/shrinker.c shrink_slab() pins each shrinker with
// shrinker_try_get(), a one-line wrapper of refcount_inc_not_zero(), before
// rcu_read_unlock(), and uses it unlocked). Without the reference, the same
// use is reported.
#include <linux/rcupdate.h>
#include <linux/rculist.h>

typedef struct { int refs; } refcount_t;
int refcount_inc_not_zero(refcount_t *r); /* rules: take-ref arg 0 */
int refcount_dec_and_test(refcount_t *r);

struct shrinker {
	struct list_head list;
	refcount_t refcount;
	long (*count_objects)(struct shrinker *);
};
struct list_head shrinker_list;

static inline int shrinker_try_get(struct shrinker *shrinker)
{
	return refcount_inc_not_zero(&shrinker->refcount);
}

static inline int shrinker_try_get_twice_removed(struct shrinker *s)
{
	return shrinker_try_get(s);
}

static inline int shrinker_alive(struct shrinker *shrinker)
{
	return shrinker->refcount.refs > 0; /* looks, takes nothing */
}

static long do_shrink(struct shrinker *shrinker)
{
	return shrinker->count_objects(shrinker);
}

long shrink_pinned(void)
{
	struct shrinker *shrinker;
	long freed = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(shrinker, &shrinker_list, list) {
		if (!shrinker_try_get(shrinker))
			continue;
		rcu_read_unlock();
		freed += do_shrink(shrinker);
		rcu_read_lock();
	}
	rcu_read_unlock();
	return freed;
}

long shrink_pinned_through_two_calls(void)
{
	struct shrinker *shrinker;
	long freed = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(shrinker, &shrinker_list, list) {
		if (!shrinker_try_get_twice_removed(shrinker))
			continue;
		rcu_read_unlock();
		freed += do_shrink(shrinker);
		rcu_read_lock();
	}
	rcu_read_unlock();
	return freed;
}

long shrink_unpinned(void)
{
	struct shrinker *shrinker;
	long freed = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(shrinker, &shrinker_list, list) {
		if (!shrinker_alive(shrinker))
			continue;
		rcu_read_unlock();
		freed += do_shrink(shrinker); // expected-warning {{'shrinker' is passed to 'do_shrink', which dereferences it, after the RCU read-side critical section it was read in ended}}
		rcu_read_lock();
	}
	rcu_read_unlock();
	return freed;
}
