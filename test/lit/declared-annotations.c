// RUN: %verify %s
// Declarations that state their context are facts: sparse-style
// __must_hold/__acquires/__releases (macros that expand to nothing outside
// sparse, read from their invocations) and Clang's thread-safety attributes
// (what the kernel's Clang 22 context analysis builds on, RCU a capability).
// For a function known only by its declaration they are its summary.
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
/* As <linux/compiler_types.h> has them when not running sparse. */
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
struct pic { spinlock_t lock; int v; };
void pic_update(struct pic *s) __must_hold(&s->lock);
void pic_lock(struct pic *s) __acquires(&s->lock);
void pic_unlock(struct pic *s) __releases(&s->lock);
struct __attribute__((capability("rcu"))) rcu_token { int x; };
extern struct rcu_token RCU;
void walk(void) __attribute__((requires_shared_capability(RCU)));

// rcuctx-entry: process
void ioctl_path(struct pic *s)
{
	pic_update(s); // expected-warning {{'pic_update' requires 'struct pic::lock' held, but it is not held here}}
}

void ok_path(struct pic *s)
{
	pic_lock(s);
	pic_update(s);
	kmalloc(8, GFP_KERNEL); // expected-warning {{'kmalloc' may sleep, but spinning lock 'struct pic::lock' is held here}}
	pic_unlock(s);
}

// rcuctx-entry: process
void walker(void)
{
	walk(); // expected-warning {{'walk' needs an RCU read-side critical section, but none is held here}}
}
