#include <linux/mutex.h>

struct obj;
struct table { struct mutex lock; };
extern struct mutex cfg_mutex;
void obj_destroy(struct obj *o, bool locked);

/* cfg_mutex, then the table's lock. */
void table_reconfigure(struct table *t, struct obj *o)
{
	mutex_lock(&cfg_mutex);
	mutex_lock(&t->lock);
	obj_destroy(o, true);
	mutex_unlock(&t->lock);
	mutex_unlock(&cfg_mutex);
}

/* The table's lock, then obj_destroy(): cfg_mutex after it only where
 * LOCKED is false. */
void table_flush(struct table *t, struct obj *o)
{
	mutex_lock(&t->lock);
	obj_destroy(o, LOCKED);
	mutex_unlock(&t->lock);
}
