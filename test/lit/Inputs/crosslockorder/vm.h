/* One VM's locks, shared by the two files of crossfile-lock-order.test. */
#include <linux/mutex.h>
#include <linux/srcu.h>

struct vm { struct mutex lock; struct mutex slots; struct srcu_struct srcu; int n; };

void set_event(struct vm *v);
void vm_reset(struct vm *v);
