/* The vCPU loop: a reader of the VM's SRCU domain that delivers events. */
#include "vm.h"

static void handle_exit(struct vm *v)
{
	set_event(v);
}

void vcpu_run(struct vm *v)
{
	int idx = srcu_read_lock(&v->srcu);
	handle_exit(v);
	srcu_read_unlock(&v->srcu, idx);
}

/* slots then lock here; lock then slots in ioctl.c: a plain ABBA. */
void set_memory(struct vm *v)
{
	mutex_lock(&v->slots);
	mutex_lock(&v->lock);
	v->n = 1;
	mutex_unlock(&v->lock);
	mutex_unlock(&v->slots);
}
