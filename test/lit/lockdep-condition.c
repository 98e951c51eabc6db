// rcu_dereference_protected(p, c) and the _check forms: the condition's
// lockdep_is_held() terms are evaluated against the lock state; a term the
// analysis cannot evaluate keeps the access from ever being definite.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/kvm_host.h>

struct table { int n; };
struct owner { struct mutex lock; struct table __rcu *tbl; int users; };

struct table *get_locked(struct owner *o)
{
	struct table *t;

	mutex_lock(&o->lock);
	t = rcu_dereference_protected(o->tbl, lockdep_is_held(&o->lock));
	mutex_unlock(&o->lock);
	t = rcu_dereference_protected(o->tbl, lockdep_is_held(&o->lock)); // expected-warning {{rcu_dereference_protected() needs 'struct owner::lock' held, but it is not held here [rcuctx-lockdep-condition]}}
	return t;
}

struct table *escape_term(struct owner *o)
{
	mutex_lock(&o->lock);
	mutex_unlock(&o->lock);
	/* "or nobody else can see it": not something a checker can decide */
	return rcu_dereference_protected(o->tbl, lockdep_is_held(&o->lock) || o->users == 0);
}

struct table *check_form(struct owner *o)
{
	struct table *t;

	mutex_lock(&o->lock);
	t = rcu_dereference_check(o->tbl, lockdep_is_held(&o->lock));
	mutex_unlock(&o->lock);
	return t;
}

struct table *constant_true(struct owner *o)
{
	return rcu_dereference_protected(o->tbl, 1);
}
