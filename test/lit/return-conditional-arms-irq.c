// RUN: %verify %s
// `return c ? a : b;` is one return per arm, each with the state its arm
// leaves: spin_trylock_irq() (include/linux/spinlock.h) returns 1 with the
// lock and IRQs off, or 0 after giving both back, from a statement
// expression's conditional. Before, the arms' states met at the return and
// the IRQ half read as unbalanced (whole-kernel triage C9, spinlock.h:416),
// and callers lost the function's effect.
#include <linux/spinlock.h>
#include <linux/preempt.h>
#include <linux/sched.h>

struct obj { spinlock_t lock; int x; };

#define my_trylock_irq(l) \
({ \
	local_irq_disable(); \
	spin_trylock(l) ? \
	1 : ({ local_irq_enable(); 0; }); \
})

static inline int obj_trylock_irq(struct obj *o)
{
	return my_trylock_irq(&o->lock);
}

/* A plain conditional, its arms naming the classes. */
static inline int obj_trylock_irq_plain(struct obj *o)
{
	local_irq_disable();
	return spin_trylock(&o->lock) ? 1 : ({ local_irq_enable(); 0; });
}

int use(struct obj *o)
{
	if (!obj_trylock_irq(o))
		return -1;
	o->x++;
	spin_unlock(&o->lock);
	local_irq_enable();
	return 0;
}

int sleeps_while_held(struct obj *o)
{
	if (obj_trylock_irq_plain(o)) {
		might_sleep(); // expected-warning {{'might_sleep' may sleep, but spinning lock 'struct obj::lock' is held here}}
		spin_unlock(&o->lock);
		local_irq_enable();
	}
	return 0;
}

int sleeps_on_failure(struct obj *o)
{
	if (!obj_trylock_irq(o)) {
		might_sleep();
		return -1;
	}
	spin_unlock(&o->lock);
	local_irq_enable();
	return 0;
}

/* Arms that do not tell the classes apart stay a join: 1 either way. */
static inline int bad_trylock_irq(struct obj *o)
{
	local_irq_disable();
	return spin_trylock(&o->lock) ? 1 : ({ local_irq_enable(); 1; }); // expected-warning {{returns with an IRQs-disabled region held on this path but not on others}}
}

/* Where the returns cannot judge the region (another return's depth is in
 * doubt), the arms' join is reported as any join. */
int g(void);
int doubtful(int c, int n)
{
	local_irq_disable();
	if (n) {
		while (g())
			local_irq_enable();
		return 5;
	}
	return c ? 1 : ({ local_irq_enable(); 1; }); // expected-warning {{returns with an IRQs-disabled region held on this path but not on others}}
}

/* The arms are a protocol: non-NULL with the lock, NULL without. */
void *lookup_lock(struct obj *o, void *p)
{
	spin_lock(&o->lock);
	return p ? p : ({ spin_unlock(&o->lock); (void *)0; });
}

/* Shapes not split yet, so judged as joins: GNU `?:` (its true arm is the
 * condition's value) and an arm that is itself a conditional (its own join
 * comes first). Both are protocols (held iff non-zero) that these reports
 * get wrong: a known limit, pinned so a change to it is seen. */
int gnu_elvis(struct obj *o, int c)
{
	spin_lock(&o->lock);
	return c ?: ({ spin_unlock(&o->lock); 0; }); // expected-warning {{returns with 'struct obj::lock' held on this path but not on others}}
}

int nested_arm(struct obj *o, int c, int d)
{
	spin_lock(&o->lock);
	return c ? 1 : (d ? 2 : ({ spin_unlock(&o->lock); 0; })); // expected-warning 2 {{returns with 'struct obj::lock' held on this path but not on others}}
}
