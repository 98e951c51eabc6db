// A lock in a member whose struct type has no name (struct kvm's
// `struct { spinlock_t lock; ... } irqfds;`) is named by the member path,
// as lockdep names it ("&kvm->irqfds.lock"), not by clang's
// "(unnamed struct at FILE:LINE)", which holds a path on this machine.
// A variable of such a type is named by the variable, an array of them
// with "[]".
// RUN: %verify %s
#include <linux/spinlock.h>

struct vm {
	int x;
	struct { spinlock_t lock; int n; } irqfds;
	struct { struct { spinlock_t l2; } inner; } outer;
};

void one(struct vm *k)
{
	spin_lock(&k->irqfds.lock);
	spin_lock(&k->outer.inner.l2); // expected-warning {{possible deadlock: 'one' acquires 'struct vm::outer.inner.l2' while holding 'struct vm::irqfds.lock', and 'other' acquires 'struct vm::irqfds.lock' while holding 'struct vm::outer.inner.l2' [rcuctx-lock-order]}}
	spin_unlock(&k->outer.inner.l2);
	spin_unlock(&k->irqfds.lock);
}

void other(struct vm *k)
{
	spin_lock(&k->outer.inner.l2);
	spin_lock(&k->irqfds.lock);
	spin_unlock(&k->irqfds.lock);
	spin_unlock(&k->outer.inner.l2);
}

static struct { spinlock_t lock; int n; } glob;
struct table { struct { spinlock_t lock; } slots[4]; };

void glob_then_slot(struct table *t)
{
	spin_lock(&glob.lock);
	spin_lock(&t->slots[1].lock); // expected-warning {{possible deadlock: 'glob_then_slot' acquires 'struct table::slots[].lock' while holding 'glob.lock', and 'slot_then_glob' acquires 'glob.lock' while holding 'struct table::slots[].lock' [rcuctx-lock-order]}}
	spin_unlock(&t->slots[1].lock);
	spin_unlock(&glob.lock);
}

void slot_then_glob(struct table *t)
{
	spin_lock(&t->slots[0].lock);
	spin_lock(&glob.lock);
	spin_unlock(&glob.lock);
	spin_unlock(&t->slots[0].lock);
}
