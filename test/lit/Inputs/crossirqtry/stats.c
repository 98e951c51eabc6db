#include "dev.h"

/* Takes stat_lock only if it is free, with whatever IRQ state the caller has. */
void try_count_hit(struct dev *d)
{
	if (spin_trylock(&d->stat_lock)) {
		d->hits++;
		spin_unlock(&d->stat_lock);
	}
}

void count_hit(struct dev *d)
{
	spin_lock(&d->peek_lock);
	d->hits++;
	spin_unlock(&d->peek_lock);
}
