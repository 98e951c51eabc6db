#include <linux/spinlock.h>
#include <linux/slab.h>
spinlock_t l;
void *f(void)
{
	void *p;
	spin_lock(&l);
	p = kmalloc(8, GFP_KERNEL);
	spin_unlock(&l);
	return p;
}
