#include <linux/rcupdate.h>
#include "hctx.h"

void dispatch(struct hctx *h)
{
	if (!(h->q->tag_set->flags & Q_F_BLOCKING)) {
		rcu_read_lock();
		run_hw_queue(h, 0);
		rcu_read_unlock();
	}
}

void dispatch_untested(struct hctx *h)
{
	rcu_read_lock();
	run_hw_queue(h, 0);
	rcu_read_unlock();
}
