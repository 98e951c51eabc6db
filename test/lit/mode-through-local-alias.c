// A callback that receives its flags as `void *info` and tests them through
// a local: Linux 6.12's kernel/events/core.c __perf_remove_from_context()
// does `unsigned long flags = (unsigned long)info;` and calls
// perf_child_detach(), which asserts child_mutex, only `if (flags &
// DETACH_CHILD)`; perf_release() passes DETACH_GROUP | DETACH_DEAD. A local
// initialised from a parameter through casts that keep its bits, and never
// written after, stands for the parameter: its tests are the parameter's
// modes (dataflow/BodyWrites.h paramAliases()).
// RUN: %verify %debug_config %s
#include <linux/fs.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#define DETACH_GROUP 0x01UL
#define DETACH_CHILD 0x02UL

struct event { struct mutex child_mutex; spinlock_t lock; };
extern struct event *event_of(struct file *f);

static void child_detach(struct event *e)
{
	lockdep_assert_held(&e->child_mutex);
}

static void remove_cb(struct event *e, void *info)
{
	unsigned long flags = (unsigned long)info;

	if (flags & DETACH_CHILD)
		child_detach(e);
}

static void remove_from_context(struct event *e, unsigned long flags)
{
	spin_lock(&e->lock);
	remove_cb(e, (void *)flags);
	spin_unlock(&e->lock);
}

static int release(struct inode *i, struct file *f)
{
	remove_from_context(event_of(f), DETACH_GROUP);
	return 0;
}

static int release_child(struct inode *i, struct file *f)
{
	remove_cb(event_of(f), (void *)(DETACH_GROUP | DETACH_CHILD)); // expected-warning {{'remove_cb' requires 'struct event::child_mutex' held, but it is not held here}}
	return 0;
}

// Written after its initialisation: no longer what the caller passed.
static void remove_cb_written(struct event *e, void *info)
{
	unsigned long flags = (unsigned long)info;

	flags |= DETACH_CHILD;
	if (flags & DETACH_CHILD)
		child_detach(e);
}

static int release_written(struct inode *i, struct file *f)
{
	remove_cb_written(event_of(f), (void *)DETACH_GROUP); // expected-warning {{'remove_cb_written' requires 'struct event::child_mutex' held}}
	return 0;
}

// Narrowed on the way: not the parameter's bits.
static void remove_cb_narrow(struct event *e, void *info)
{
	unsigned char flags = (unsigned char)(unsigned long)info;

	if (flags & DETACH_CHILD)
		child_detach(e);
}

static int release_narrow(struct inode *i, struct file *f)
{
	remove_cb_narrow(event_of(f), (void *)DETACH_GROUP); // expected-warning {{'remove_cb_narrow' requires 'struct event::child_mutex' held}}
	return 0;
}

const struct file_operations fops = { .release = release, .open = release_child };
const struct file_operations fops2 = { .release = release_written, .open = release_narrow };
