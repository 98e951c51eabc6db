// RUN: %verify %s
// A pointer read from a field that only changes under a lock (rules'
// update_side_locks: struct module::kallsyms under module_mutex) while that
// lock is held stays valid after the RCU section it was read in ends, until
// the lock is released (kernel/module/kallsyms.c's
// module_kallsyms_on_each_symbol(), whole-kernel triage C10): it is stale
// once both are gone, in either order, whatever released the lock (an
// unlock, a callee, a callee's result tested on a branch). Without the
// lock, the section alone protects it, as before; a function that leaves
// the lock as its caller had it asks its callers for it.
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/preempt.h>

struct mod_kallsyms { int num_symtab; };
struct module { struct mod_kallsyms __rcu *kallsyms; int state; };
struct mutex module_mutex;
int use_syms(struct mod_kallsyms *s) { return s->num_symtab; }

int on_each_symbol(struct module *mod)
{
	struct mod_kallsyms *kallsyms;
	int n;

	mutex_lock(&module_mutex);
	preempt_disable();
	kallsyms = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	n = kallsyms->num_symtab + use_syms(kallsyms);
	mutex_unlock(&module_mutex);
	return n;
}

int after_unlock(struct module *mod)
{
	struct mod_kallsyms *k;

	mutex_lock(&module_mutex);
	preempt_disable();
	k = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	mutex_unlock(&module_mutex);
	return k->num_symtab; // expected-warning {{'k' is dereferenced after the RCU-sched read-side critical section it was read in ended and 'module_mutex', which keeps it stable, was released}}
}

int passed_after_unlock(struct module *mod)
{
	struct mod_kallsyms *k;

	mutex_lock(&module_mutex);
	preempt_disable();
	k = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	mutex_unlock(&module_mutex);
	return use_syms(k); // expected-warning {{'k' is passed to 'use_syms', which dereferences it, after the RCU-sched read-side critical section it was read in ended and 'module_mutex', which keeps it stable, was released}}
}

/* Retaken: a new hold, the object may have been replaced meanwhile. */
int retaken(struct module *mod)
{
	struct mod_kallsyms *k;
	int n;

	mutex_lock(&module_mutex);
	preempt_disable();
	k = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	mutex_unlock(&module_mutex);
	mutex_lock(&module_mutex);
	n = k->num_symtab; // expected-warning {{'k' is dereferenced after the RCU-sched read-side critical section it was read in ended and 'module_mutex', which keeps it stable, was released}}
	mutex_unlock(&module_mutex);
	return n;
}

/* Not taken here: the caller's hold keeps it, so the callers are asked
 * (stale-rcu-pointer-lock-held-by-caller.c). */
int callers_lock(struct module *mod)
{
	struct mod_kallsyms *k;

	preempt_disable();
	k = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	return k->num_symtab;
}

int calls_without_lock(struct module *mod)
{
	mutex_lock(&module_mutex);
	mutex_unlock(&module_mutex);
	return callers_lock(mod); // expected-warning {{'callers_lock' uses a pointer read under RCU after its read-side critical section ended, relying on 'module_mutex' to keep it stable, but it is not held here}}
}

int calls_with_lock(struct module *mod)
{
	int n;

	mutex_lock(&module_mutex);
	n = callers_lock(mod);
	mutex_unlock(&module_mutex);
	return n;
}

int without_lock(struct module *mod)
{
	struct mod_kallsyms *k;

	mutex_lock(&module_mutex);
	mutex_unlock(&module_mutex);
	preempt_disable();
	k = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	return k->num_symtab; // expected-warning {{'k' is dereferenced after the RCU-sched read-side critical section it was read in ended}}
}

/* The lock goes first: the section still protects it, until it ends. */
int lock_first(struct module *mod)
{
	struct mod_kallsyms *k;
	int n;

	mutex_lock(&module_mutex);
	preempt_disable();
	k = rcu_dereference_sched(mod->kallsyms);
	mutex_unlock(&module_mutex);
	n = k->num_symtab;
	preempt_enable();
	return n + k->num_symtab; // expected-warning {{'k' is dereferenced after the RCU-sched read-side critical section it was read in ended}}
}

/* Released by a callee, and by a callee only when it returns true. */
static void drop(void) { mutex_unlock(&module_mutex); }
static int drop_if(struct module *m)
{
	if (m->state) {
		mutex_unlock(&module_mutex);
		return 1;
	}
	return 0;
}

int callee_releases(struct module *mod)
{
	struct mod_kallsyms *k;

	mutex_lock(&module_mutex);
	preempt_disable();
	k = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	drop();
	return k->num_symtab; // expected-warning {{'k' is dereferenced after the RCU-sched read-side critical section it was read in ended and 'module_mutex', which keeps it stable, was released}}
}

int callee_releases_on_true(struct module *mod)
{
	struct mod_kallsyms *k;
	int n;

	mutex_lock(&module_mutex);
	preempt_disable();
	k = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	if (drop_if(mod))
		return k->num_symtab; // expected-warning {{'k' is dereferenced after the RCU-sched read-side critical section it was read in ended and 'module_mutex', which keeps it stable, was released}}
	n = k->num_symtab;
	mutex_unlock(&module_mutex);
	return n;
}
