#include <linux/spinlock.h>
void my_subsys_wait(void);
spinlock_t l;
void f(void)
{
	spin_lock(&l);
	my_subsys_wait();
	spin_unlock(&l);
}
