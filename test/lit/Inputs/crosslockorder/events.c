/* Event delivery (the reader's callee) and the reset that waits for readers. */
#include "vm.h"

void set_event(struct vm *v)
{
	mutex_lock(&v->lock);
	v->n++;
	mutex_unlock(&v->lock);
}

void vm_reset(struct vm *v)
{
	mutex_lock(&v->lock);
	v->n = 0;
	synchronize_srcu(&v->srcu);
	mutex_unlock(&v->lock);
}
