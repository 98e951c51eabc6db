// RUN: %verify %s
// A function that leaves a pointer read with an RCU accessor in what a
// parameter points to -- an out-parameter (`*out = rcu_dereference(gp)`),
// an iterator it fills (`it->cur`) -- hands its caller a pointer valid only
// in the caller's section, as one returning it does (issue #16: provenance
// through out-parameters and structs a function fills; summary
// "writes_rcu"). The caller's place (`p` for `&p`, `it.cur` for `&it`,
// `itp->cur` for `itp`, `*pp` for `pp`) is followed from the call. Not
// where the callee fills it on some paths only, or through a parameter it
// assigned first, nor where it ended the section itself before returning,
// nor a use inside the section, nor after a call given the pointer, a
// store to the whole object or one through `(*itp).cur` (review: each was
// a false alarm).
#include <linux/rcupdate.h>
#include <linux/sched.h>

struct obj { int x; struct obj __rcu *next; };
struct obj __rcu *gp;
struct iter { struct obj *cur; int level; };

static void lookup(struct obj **out)
{
	*out = rcu_dereference(gp);
}

static void iter_start(struct iter *it)
{
	it->level = 0;
	it->cur = rcu_dereference(gp);
}

static void iter_next(struct iter *it)
{
	it->cur = rcu_dereference(it->cur->next);
	it->level++;
}

static void maybe_lookup(struct obj **out, int want)
{
	if (want)
		*out = rcu_dereference(gp);
}

static void lookup_other(struct iter *it, struct iter *other)
{
	it = other;
	it->cur = rcu_dereference(gp);
}

static int use_both(struct iter *it, struct obj *o)
{
	return it->level + o->x;
}

static int show(const struct iter *it)
{
	return it->level;
}

/* Points the iterator at an object the caller owns: no RCU. */
static void iter_pin(struct iter *it, struct obj *mine)
{
	it->cur = mine;
}

static void lookup_and_end(struct obj **out)
{
	rcu_read_lock();
	*out = rcu_dereference(gp);
	rcu_read_unlock();
}

int use_out(void)
{
	struct obj *p;

	rcu_read_lock();
	lookup(&p); // expected-note {{'p' is read with 'lookup' here}}
	rcu_read_unlock(); // expected-note {{RCU read-side critical section ended here}}
	return p->x; // expected-warning {{'p' is dereferenced after the RCU read-side critical section it was read in ended}}
}

int use_iter(void)
{
	struct iter it;
	int x;

	rcu_read_lock();
	iter_start(&it);
	x = it.cur->x;
	rcu_read_unlock(); // expected-note {{RCU read-side critical section ended here}}
	return x + it.cur->x; // expected-warning {{'it.cur' is dereferenced after the RCU read-side critical section it was read in ended}}
}

int use_iter_pointer(struct iter *itp)
{
	rcu_read_lock();
	iter_next(itp); // expected-note {{'itp->cur' is read with 'iter_next' here}}
	rcu_read_unlock(); // expected-note {{RCU read-side critical section ended here}}
	return itp->cur->x; // expected-warning {{'itp->cur' is dereferenced after the RCU read-side critical section it was read in ended}}
}

int use_through_pointer(struct obj **pp)
{
	rcu_read_lock();
	lookup(pp);
	rcu_read_unlock(); // expected-note {{RCU read-side critical section ended here}}
	return (*pp)->x; // expected-warning {{'*pp' is dereferenced after the RCU read-side critical section it was read in ended}}
	// expected-note@-3 {{'*pp' is read with 'lookup' here}}
}

/* Not followed: filled on some paths only; through a parameter the callee
 * points elsewhere first; ended in the callee already (its own stale
 * pointer, not a section of the caller's); used inside. */
int not_followed(int want, struct iter *other)
{
	struct obj *p = NULL, *q;
	struct iter it, a;
	int x;

	rcu_read_lock();
	maybe_lookup(&p, want);
	lookup_other(&a, other);
	iter_start(&it);
	x = it.cur->x;
	rcu_read_unlock();
	msleep(1);
	lookup_and_end(&q);
	return x + (p ? p->x : 0) + a.cur->x + q->x;
}

/* Not followed past what may write it again: a call that is passed the
 * pointer (iter_pin(itp, ...), which has no writes_rcu of its own), a store
 * to the whole object (`*itp = *saved`), or through `(*itp).cur`. */
int rewritten(struct iter *itp, struct iter *saved, struct obj *mine)
{
	int x;

	rcu_read_lock();
	iter_next(itp);
	rcu_read_unlock();
	iter_pin(itp, mine);
	x = itp->cur->x;
	rcu_read_lock();
	iter_next(itp);
	rcu_read_unlock();
	*itp = *saved;
	x += itp->cur->x;
	rcu_read_lock();
	iter_next(itp);
	rcu_read_unlock();
	(*itp).cur = mine;
	return x + itp->cur->x;
}

/* Still followed: a stale entry passed along with the iterator is judged as
 * the call is made; a callee given a pointer to const cannot write there. */
int still_followed(struct iter *itp)
{
	int x;

	rcu_read_lock();
	iter_next(itp); // expected-note 2 {{'itp->cur' is read with 'iter_next' here}}
	rcu_read_unlock(); // expected-note 2 {{RCU read-side critical section ended here}}
	x = show(itp);
	x += itp->cur->x; // expected-warning {{'itp->cur' is dereferenced after the RCU read-side critical section it was read in ended}}
	return x + use_both(itp, itp->cur); // expected-warning {{'itp->cur' is passed to 'use_both', which dereferences it, after the RCU read-side critical section it was read in ended}}
}
