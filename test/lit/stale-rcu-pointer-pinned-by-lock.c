// RUN: %verify %s
// A pointer read while a lock is held for write stays valid past the end
// of its RCU section for as long as that lock is held (the lock is the
// update side's: 6.12's module_kallsyms_on_each_symbol() holds
// module_mutex around rcu_dereference_sched(mod->kallsyms) inside a short
// preempt_disable(), then walks the table: 3 false alarms in the
// whole-kernel run). Used after the lock is released, or read under a lock
// held only for read, it is stale as before.
#include <linux/rcupdate.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>

struct mod_kallsyms { int num_symtab; };
struct module { struct mod_kallsyms __rcu *kallsyms; rwlock_t lock; };
struct mutex module_mutex;

int count_symbols(struct module *mod)
{
	struct mod_kallsyms *kallsyms;
	int n;

	mutex_lock(&module_mutex);
	preempt_disable();
	kallsyms = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	n = kallsyms->num_symtab;
	mutex_unlock(&module_mutex);
	return n;
}

int count_after_unlock(struct module *mod)
{
	struct mod_kallsyms *kallsyms;

	mutex_lock(&module_mutex);
	preempt_disable();
	kallsyms = rcu_dereference_sched(mod->kallsyms);
	preempt_enable();
	mutex_unlock(&module_mutex);
	return kallsyms->num_symtab; // expected-warning {{'kallsyms' is dereferenced after the RCU-sched read-side critical section it was read in ended}}
}

int count_read_locked(struct module *mod)
{
	struct mod_kallsyms *kallsyms;
	int n;

	read_lock(&mod->lock);
	rcu_read_lock();
	kallsyms = rcu_dereference(mod->kallsyms);
	rcu_read_unlock();
	n = kallsyms->num_symtab; // expected-warning {{'kallsyms' is dereferenced after the RCU read-side critical section it was read in ended}}
	read_unlock(&mod->lock);
	return n;
}
