#include "vm.h"

void update_slots(struct vm *v)
{
	mutex_lock(&v->slots);
	v->n = 2;
	mutex_unlock(&v->slots);
}
