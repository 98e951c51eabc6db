#include "lib.h"

int obj_lock_alive(struct obj *o)
{
	if (o->dead)
		return -4;
	mutex_lock(&o->lock);
	return 0;
}

void obj_unlock(struct obj *o)
{
	lockdep_assert_held(&o->lock);
	mutex_unlock(&o->lock);
}

int *obj_map(struct obj *o)
{
	if (o->dead)
		return NULL;
	rcu_read_lock();
	return rcu_dereference(o->slot);
}

void obj_unmap(int *p)
{
	rcu_read_unlock();
}

int obj_slot_value(struct obj *o)
{
	return *rcu_dereference(o->slot);
}
