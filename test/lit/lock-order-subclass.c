// lockdep's subclasses: spin_lock_nested(l, SINGLE_DEPTH_NESTING) takes a
// second instance of a class as the class "C/1", nested inside the first.
// Both stay held, and what is taken under them depends on both; "C/1" is
// its own node of the lock order. Here the nested instance and 'struct
// pair::m' are taken in both orders: the cycle lockdep reports between
// "&p->l/1" and "&p->m". The subclass is kept in both configurations
// (without lockdep spin_lock_nested() evaluates and drops it).
// RUN: %verify %s
// RUN: %verify %debug_config %s
// RUN: %check %debug_config %s 2>&1 | FileCheck %s
#include <linux/spinlock.h>

struct pair { spinlock_t l; spinlock_t m; int v; };

void both(struct pair *a, struct pair *b)
{
	spin_lock(&a->l);
	spin_lock_nested(&b->l, SINGLE_DEPTH_NESTING);
	spin_lock(&a->m); // expected-warning {{possible deadlock: 'both' acquires 'struct pair::m' while holding 'struct pair::l/1', and 'inner_first' acquires 'struct pair::l/1' while holding 'struct pair::m' [rcuctx-lock-order]}}
	a->v = b->v;
	spin_unlock(&a->m);
	spin_unlock(&b->l);
	spin_unlock(&a->l);
}

void inner_first(struct pair *a, struct pair *x)
{
	spin_lock(&a->m);
	spin_lock_nested(&x->l, 1);
	x->v++;
	spin_unlock(&x->l);
	spin_unlock(&a->m);
}

// CHECK: warning: possible deadlock: 'both' acquires 'struct pair::m' while holding 'struct pair::l/1'
// CHECK: note: 'both' acquires 'struct pair::l/1' here
// CHECK: note: 'both' acquires 'struct pair::m' with 'spin_lock' here
// CHECK: note: 'inner_first' acquires 'struct pair::m' here
// CHECK: note: 'inner_first' acquires 'struct pair::l/1' with 'spin_lock_nested' here
