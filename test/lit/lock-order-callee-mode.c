// RUN: %verify %s
// A callee that takes a lock only in some of its modes orders it after what
// its caller holds only where the call selects such a mode
// (Acquisition::When): net/sched/cls_api.c's tcf_block_playback_offloads()
// holds block->cb_lock and calls tcf_proto_put(tp, true, ...), whose
// tcf_proto_destroy() takes RTNL only `if (not_lockless)`, a local
// standing for `!rtnl_held && !(tp->ops->flags & ...)`: with rtnl_held
// true, never. A mode passed on through a caller counts as its own; a
// local standing for a conjunction with the mode in it decides the test
// as the mode would. Where a call does select it, the cycle is reported.
#include <linux/mutex.h>

struct mutex cfg_mutex;
struct ops { unsigned flags; };
struct obj { const struct ops *ops; int refs; };
struct table { struct mutex lock; };
#define OPS_UNLOCKED 1

static void obj_destroy(struct obj *o, bool locked)
{
	bool take = !locked && !(o->ops->flags & OPS_UNLOCKED);

	if (take)
		mutex_lock(&cfg_mutex);
	o->refs = -1;
	if (take)
		mutex_unlock(&cfg_mutex);
}

static void obj_put(struct obj *o, bool locked)
{
	if (--o->refs == 0)
		obj_destroy(o, locked);
}

static void obj_destroy_direct(struct obj *o, bool locked)
{
	if (!locked)
		mutex_lock(&cfg_mutex);
	o->refs = -1;
	if (!locked)
		mutex_unlock(&cfg_mutex);
}

void table_reconfigure(struct table *t, struct obj *o)
{
	mutex_lock(&cfg_mutex);
	mutex_lock(&t->lock); // expected-warning {{possible deadlock: 'table_reconfigure' acquires 'struct table::lock' while holding 'cfg_mutex', and 'table_flush_unlocked' acquires 'cfg_mutex' while holding 'struct table::lock'}}
	obj_put(o, true);
	mutex_unlock(&t->lock);
	mutex_unlock(&cfg_mutex);
}

/* Under the table's lock with cfg_mutex already held: no cfg_mutex after it. */
void table_flush(struct table *t, struct obj *o)
{
	mutex_lock(&t->lock);
	obj_put(o, true);
	obj_destroy_direct(o, true);
	mutex_unlock(&t->lock);
}

/* The mode that takes it: cfg_mutex after the table's lock, a cycle. */
void table_flush_unlocked(struct table *t, struct obj *o)
{
	mutex_lock(&t->lock);
	obj_destroy_direct(o, false);
	mutex_unlock(&t->lock);
}
