#include <linux/mutex.h>
#define DETACH_GROUP 0x01UL
#define DETACH_CHILD 0x02UL
struct event { struct mutex child_mutex; };
void remove_cb(struct event *e, void *info);
