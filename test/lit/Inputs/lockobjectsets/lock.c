#include "key.h"

/* Takes both keys' sem, in address order: two objects, one class. (No
   status returned: an imported effect that differs by returned value is
   not composed exactly yet, and the link leaves the sites after it alone.) */
void move_lock(struct key *l, struct key *u)
{
	if (l < u) {
		down_write(&l->sem);
		down_write_nested(&u->sem, 1);
	} else {
		down_write(&u->sem);
		down_write_nested(&l->sem, 1);
	}
}

void link_end(struct key *k)
{
	lockdep_assert_held_write(&k->sem);
	up_write(&k->sem);
}
