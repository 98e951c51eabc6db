#include "dev.h"

static enum hrtimer_restart dev_hrtimer(struct hrtimer *t)
{
	spin_lock(&the_dev.stat_lock);
	the_dev.hits = 0;
	spin_unlock(&the_dev.stat_lock);
	if (spin_trylock(&the_dev.peek_lock))
		spin_unlock(&the_dev.peek_lock);
	return HRTIMER_NORESTART;
}

void dev_start(struct dev *d)
{
	d->hrt.function = dev_hrtimer;
}
