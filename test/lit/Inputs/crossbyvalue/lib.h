#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

struct obj { struct mutex lock; int dead; int *slot; };
/* 0 with o->lock held, -4 without it. */
int obj_lock_alive(struct obj *o);
void obj_unlock(struct obj *o);
/* The slot inside an RCU read-side section, or NULL outside one. */
int *obj_map(struct obj *o);
void obj_unmap(int *p);
int obj_slot_value(struct obj *o);
