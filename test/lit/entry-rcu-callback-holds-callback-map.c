// RUN: %verify %debug_config %s
// RCU callbacks run inside lockdep's rcu_callback_map (rcu_do_batch()'s
// rcu_lock_acquire()): a callback may prove where it runs with
// lock_is_held(&rcu_callback_map), as 6.12's maple tree does in
// mt_free_walk() -> mte_dead_walk() ("can only be used from the RCU
// callback context"). The call_rcu() entry says so (`holds:` on the rule's
// entry op); a function reached from anywhere else still needs it.
#include <linux/rcupdate.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/timer.h>

extern struct lockdep_map rcu_callback_map;
struct node { struct node __rcu *next; struct rcu_head rcu; };

static struct node *dead_walk(struct node *n)
{
	return rcu_dereference_protected(n->next, lock_is_held(&rcu_callback_map));
}

static void free_walk(struct rcu_head *head)
{
	struct node *n = container_of(head, struct node, rcu);

	kfree(dead_walk(n));
}

void free_tree(struct node *n)
{
	call_rcu(&n->rcu, free_walk);
}

/* A timer callback runs in softirq context too, but not inside the map. */
struct holder { struct timer_list t; struct node *n; };

static void free_later(struct timer_list *t)
{
	struct holder *h = container_of(t, struct holder, t);

	kfree(dead_walk(h->n)); // expected-warning {{'dead_walk' needs 'rcu_callback_map' held, but it is not held here}}
}

void arm(struct holder *h)
{
	timer_setup(&h->t, free_later, 0);
}
