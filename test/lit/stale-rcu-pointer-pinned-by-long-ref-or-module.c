// RUN: %verify %s
// Two more ways kernel code pins what it found under RCU before leaving the
// section (the whole-kernel run on 6.12, issue #14): perf_mmap_close()
// takes `atomic_long_inc_not_zero(&event->refcount)` (an atomic_long_t, not
// a refcount_t), and lockd's nlm_do_fopen() takes `try_module_get(
// ops->owner)`, which keeps the ops table, the module's static data. Both
// were stale-pointer false alarms; without the reference the use is still
// reported.
#include <linux/rcupdate.h>
#include <linux/rculist.h>

typedef struct { long counter; } atomic_long_t;
struct module;
int atomic_long_inc_not_zero(atomic_long_t *v); /* rules: take-ref arg 0 */
int try_module_get(struct module *m);           /* rules: take-ref arg 0 */
void put_event(void *event);
void module_put(struct module *m);

struct perf_event {
	struct list_head rb_entry;
	atomic_long_t refcount;
	int state;
};
struct list_head event_list;

int close_events(void)
{
	struct perf_event *event;
	int n = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(event, &event_list, rb_entry) {
		if (!atomic_long_inc_not_zero(&event->refcount))
			continue;
		rcu_read_unlock();
		n += event->state;
		put_event(event);
		rcu_read_lock();
	}
	rcu_read_unlock();
	return n;
}

int close_events_unpinned(void)
{
	struct perf_event *event;
	int n = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(event, &event_list, rb_entry) { // expected-warning {{'event' is dereferenced after the RCU read-side critical section it was read in ended}}
		rcu_read_unlock();
		n += event->state; // expected-warning {{'event' is dereferenced after the RCU read-side critical section it was read in ended}}
		rcu_read_lock();
	}
	rcu_read_unlock();
	return n;
}

struct nlmsvc_binding {
	struct module *owner;
	int (*fopen)(int fd);
};
struct nlmsvc_binding __rcu *nlmsvc_ops;

int do_fopen(int fd)
{
	struct nlmsvc_binding *ops;
	int err;

	rcu_read_lock();
	ops = rcu_dereference(nlmsvc_ops);
	if (!ops || !try_module_get(ops->owner)) {
		rcu_read_unlock();
		return -1;
	}
	rcu_read_unlock();
	err = ops->fopen(fd);
	module_put(ops->owner);
	return err;
}

int do_fopen_unpinned(int fd)
{
	struct nlmsvc_binding *ops;

	rcu_read_lock();
	ops = rcu_dereference(nlmsvc_ops);
	rcu_read_unlock();
	if (!ops)
		return -1;
	return ops->fopen(fd); // expected-warning {{'ops' is dereferenced after the RCU read-side critical section it was read in ended}}
}
