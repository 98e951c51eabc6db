// RUN: %verify %s
// A recursive function's effect is what its returns do, the recursive
// call's included: the fixpoint starts from "never returns" (the least
// fixpoint), not from "no effect", which joined "as at entry" into every
// recursive path and left unwind() "may have released the lock": the
// assertion after it went unreported. The same for mutual recursion, and a
// recursion that takes a section per level and gives it back (depth 0 at
// every return) stays balanced. A depth that grows per level does not
// settle; it is analysed from "no effect" instead, as before.
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

struct node {
	spinlock_t lock;
	int depth;
	struct node *next;
	struct node __rcu *child;
};

static void node_reset(struct node *n)
{
	lockdep_assert_held(&n->lock);
	n->depth = 0;
}

/* Every path releases n->lock: here, or in the recursive call. */
static void unwind(struct node *n)
{
	if (!n->depth) {
		spin_unlock(&n->lock);
		return;
	}
	n->depth--;
	unwind(n);
}

static void unwind_odd(struct node *n);
static void unwind_even(struct node *n)
{
	if (!n->depth) {
		spin_unlock(&n->lock);
		return;
	}
	n->depth--;
	unwind_odd(n);
}
static void unwind_odd(struct node *n)
{
	n->depth--;
	unwind_even(n);
}

void finish(struct node *n)
{
	spin_lock(&n->lock);
	unwind(n);
	node_reset(n); // expected-warning {{'node_reset' requires 'struct node::lock' held, but it is not held here}}
}

void finish_mutual(struct node *n)
{
	spin_lock(&n->lock);
	unwind_odd(n);
	node_reset(n); // expected-warning {{'node_reset' requires 'struct node::lock' held, but it is not held here}}
}

void finish_fixed(struct node *n)
{
	spin_lock(&n->lock);
	node_reset(n);
	unwind(n);
}

/* A section per level, each ended before returning. */
static int count(struct node *n)
{
	struct node *c;
	int k = 0;

	rcu_read_lock();
	c = rcu_dereference(n->child);
	if (c)
		k = 1 + count(c);
	rcu_read_unlock();
	return k;
}

int count_twice(struct node *n)
{
	int k = count(n);

	msleep(1);
	return k + count(n);
}

/* A section per level, never ended: no fixpoint from "never returns". */
static void nest(struct node *n)
{
	rcu_read_lock();
	if (n->next)
		nest(n->next);
}

void nest_all(struct node *n)
{
	nest(n);
	rcu_read_unlock();
}
