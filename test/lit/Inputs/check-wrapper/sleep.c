#include <linux/rcupdate.h>
#include <linux/slab.h>

void f(void)
{
	rcu_read_lock();
	kfree(kmalloc(8, GFP_KERNEL));
	rcu_read_unlock();
}
