/* The VM ioctl: takes the VM lock, then calls into the memory code. */
#include "vm.h"

void update_slots(struct vm *v);

void vm_ioctl(struct vm *v)
{
	mutex_lock(&v->lock);
	update_slots(v);
	mutex_unlock(&v->lock);
}
