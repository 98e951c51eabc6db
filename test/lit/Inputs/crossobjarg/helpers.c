#include "dev.h"

/* Takes the lock it is handed: its class is the caller's. */
void lock_it(spinlock_t *l)
{
	spin_lock(l);
}

void unlock_it(spinlock_t *l)
{
	spin_unlock(l);
}
