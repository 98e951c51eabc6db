// Without lockdep the kernel's *_nested() macros drop their subclass
// (`#define mutex_lock_killable_nested(lock, subclass)
// mutex_lock_killable(lock)`), so the argument is in no expression. The
// subclass is read as written (a literal, or a macro defined as one:
// SINGLE_DEPTH_NESTING, or an enumerator: I_PARENT), and the nesting is the
// same in both configurations: not a cycle with the plain class, a cycle
// between two subclasses. A subclass written as 0 is the class.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/mutex.h>

struct map { struct mutex m; struct mutex x; int v; };

int tested_on_the_spot(struct map *b)
{
	if (mutex_lock_killable_nested(&b->m, SINGLE_DEPTH_NESTING))
		return -4;
	mutex_lock(&b->x);
	b->v++;
	mutex_unlock(&b->x);
	mutex_unlock(&b->m);
	return 0;
}

void x_then_m(struct map *b)
{
	mutex_lock(&b->x);
	mutex_lock(&b->m);
	mutex_unlock(&b->m);
	mutex_unlock(&b->x);
}

int subclass_zero(struct map *b)
{
	if (mutex_lock_killable_nested(&b->m, 0))
		return -4;
	mutex_lock(&b->x); // expected-warning {{possible deadlock: 'subclass_zero' acquires 'struct map::x' while holding 'struct map::m', and 'x_then_m' acquires 'struct map::m' while holding 'struct map::x'}}
	b->v++;
	mutex_unlock(&b->x);
	mutex_unlock(&b->m);
	return 0;
}

enum { I_PARENT = 1, I_CHILD = 2 };
struct inode { struct mutex lock; };

/* Parent then child, and child then parent elsewhere: the subclasses make
 * two classes, and the two orders a cycle between them, read the same with
 * the enumerators dropped by the expansion as with lockdep. */
void parent_then_child(struct inode *p, struct inode *c)
{
	if (mutex_lock_killable_nested(&p->lock, I_PARENT))
		return;
	if (!mutex_lock_killable_nested(&c->lock, I_CHILD)) // expected-warning {{possible deadlock}}
		mutex_unlock(&c->lock);
	mutex_unlock(&p->lock);
}

void child_then_parent(struct inode *p, struct inode *c)
{
	if (mutex_lock_killable_nested(&c->lock, I_CHILD))
		return;
	if (!mutex_lock_killable_nested(&p->lock, I_PARENT))
		mutex_unlock(&p->lock);
	mutex_unlock(&c->lock);
}
