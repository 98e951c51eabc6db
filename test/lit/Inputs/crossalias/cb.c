#include <linux/lockdep.h>
#include "ev.h"

static void child_detach(struct event *e)
{
	lockdep_assert_held(&e->child_mutex);
}

/* Its flags come as `void *info`, tested through a local alias. */
void remove_cb(struct event *e, void *info)
{
	unsigned long flags = (unsigned long)info;

	if (flags & DETACH_CHILD)
		child_detach(e);
}
