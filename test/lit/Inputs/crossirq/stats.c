#include "dev.h"

/* Takes the lock with whatever IRQ state the caller has. */
void count_hit(struct dev *d)
{
	spin_lock(&d->stat_lock);
	d->hits++;
	spin_unlock(&d->stat_lock);
}
