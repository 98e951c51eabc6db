// Paths ending in a noreturn call do not return, so they cannot leave a
// lock held; statement expressions are walked in evaluation order.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/spinlock.h>
#include <linux/slab.h>

struct obj { spinlock_t lock; int v; };
void panic(const char *msg) __attribute__((noreturn));

int bug_path(struct obj *o)
{
	spin_lock(&o->lock);
	if (o->v < 0)
		panic("negative");
	BUG_ON(o->v > 100);
	o->v++;
	spin_unlock(&o->lock);
	return 0;
}

#define locked_read(o) ({ int __v; spin_lock(&(o)->lock); __v = (o)->v; spin_unlock(&(o)->lock); __v; })
#define locked_alloc(o) ({ void *__p; spin_lock(&(o)->lock); __p = kmalloc(8, GFP_KERNEL); spin_unlock(&(o)->lock); __p; })

int stmt_expr(struct obj *o)
{
	void *p = kmalloc(8, GFP_KERNEL);
	int v = locked_read(o);
	void *q = locked_alloc(o); // expected-warning {{'kmalloc' may sleep, but spinning lock 'struct obj::lock' is held here}}
	kfree(p);
	kfree(q);
	return v;
}
