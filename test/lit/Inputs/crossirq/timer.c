#include "dev.h"

static enum hrtimer_restart dev_hrtimer(struct hrtimer *t)
{
	count_hit(&the_dev);
	return HRTIMER_NORESTART;
}

void dev_start(struct dev *d)
{
	d->hrt.function = dev_hrtimer;
}
