/* A destructor that takes the global lock itself only where its caller
 * does not hold it (net/sched/cls_api.c's tcf_proto_destroy(tp,
 * rtnl_held, ...), through a local standing for a conjunction). */
#include <linux/mutex.h>

struct mutex cfg_mutex;
struct obj { int refs; };

void obj_destroy(struct obj *o, bool locked)
{
	bool take = !locked && o->refs == 0;

	if (take)
		mutex_lock(&cfg_mutex);
	o->refs = -1;
	if (take)
		mutex_unlock(&cfg_mutex);
}
