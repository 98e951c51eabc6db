// By default only violations on every path are reported; `strict` also
// reports those on some paths. A condition on a parameter is followed per
// value (there the violation is definite for that value); a condition on
// anything else leaves both paths possible.
// RUN: %verify %s
// RUN: %check -Xclang -verify=strict -Xclang -verify-ignore-unexpected=note -fplugin-arg-rcuctx-strict %s
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/slab.h>

struct foo { int x; };
struct foo __rcu *gp;
spinlock_t l;
extern int use_lock;

void maybe_atomic(void)
{
	if (use_lock)
		spin_lock(&l);
	kfree(kmalloc(8, GFP_KERNEL)); // strict-warning {{'kmalloc' may sleep, but spinning lock 'l' may be held here}}
	if (use_lock)
		spin_unlock(&l);
}

void atomic_when_asked(int flag)
{
	if (flag)
		spin_lock(&l);
	kfree(kmalloc(8, GFP_KERNEL)); // expected-warning {{'kmalloc' may sleep, but spinning lock 'l' is held here}} strict-warning {{'kmalloc' may sleep, but spinning lock 'l' is held here}}
	if (flag)
		spin_unlock(&l);
}
