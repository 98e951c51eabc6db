#include <linux/sched.h>
#include "hctx.h"

/* May sleep only for a blocking hardware context. */
void run_hw_queue(struct hctx *h, _Bool async)
{
	might_sleep_if(!async && h->flags & Q_F_BLOCKING);
}
