#include "lib.h"

int bump(struct obj *o)
{
	if (obj_lock_alive(o))
		return -4;
	o->dead = 0;
	obj_unlock(o);
	return 0;
}

/* Unlocks twice after the success. */
int bump_unlocks_twice(struct obj *o)
{
	int ret = obj_lock_alive(o);
	if (ret)
		return ret;
	obj_unlock(o);
	obj_unlock(o);
	return 0;
}

int peek(struct obj *o)
{
	int v, *p = obj_map(o);
	if (!p)
		return -2;
	v = *p;
	obj_unmap(p);
	return v;
}

/* Sleeps inside the section the map left held. */
int peek_and_sleep(struct obj *o)
{
	int *p = obj_map(o);
	if (!p)
		return -2;
	might_sleep();
	obj_unmap(p);
	return 0;
}

int peek_slot(struct obj *o)
{
	int v, *p = obj_map(o);
	if (!p)
		return -2;
	v = obj_slot_value(o);
	obj_unmap(p);
	return v;
}
