// Whether a lock spins comes from its declared type (rules' lock_types), so
// a user's wrapper rule needs no `spins:` of its own.
// RUN: %verify -fplugin-arg-rcuctx-rules=%S/Inputs/lock-type-rules.yaml %s
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/slab.h>

void my_lock(void *l);
void my_unlock(void *l);

struct dev { struct mutex m; spinlock_t s; };

void sleeping_lock(struct dev *d)
{
	my_lock(&d->m);
	kmalloc(8, GFP_KERNEL); /* a mutex may be held while sleeping */
	my_unlock(&d->m);
}

void spinning_lock(struct dev *d)
{
	my_lock(&d->s);
	kmalloc(8, GFP_KERNEL); // expected-warning {{'kmalloc' may sleep, but spinning lock 'struct dev::s' is held here}}
	my_unlock(&d->s);
}
