// RUN: %verify %s
// An assertion inside an `if` on runtime state holds only when that
// condition does: 6.12's __get_task_ioprio() asserts p->alloc_lock only
// `if (p != current)`. It is still a requirement where it is reached (a
// caller holding nothing there is told), but it does not make a sleep on the
// same path "a sleep under that spinning lock": the whole-kernel run showed
// 23 such false findings. An unconditional assertion still does.
#include <linux/spinlock.h>
#include <linux/lockdep.h>
#include <linux/slab.h>

struct task { spinlock_t alloc_lock; int ioprio; };
extern struct task *current_task(void);

static int get_ioprio(struct task *p)
{
	if (p != current_task())
		lockdep_assert_held(&p->alloc_lock);
	return p->ioprio;
}

static int get_ioprio_locked(struct task *p)
{
	lockdep_assert_held(&p->alloc_lock);
	return p->ioprio;
}

int read_ioprio(struct task *p)
{
	void *buf = kmalloc(16, GFP_KERNEL);
	int prio = get_ioprio(p);

	kfree(buf);
	return prio;
}

int read_ioprio_locked(struct task *p)
{
	void *buf = kmalloc(16, GFP_KERNEL); // expected-warning {{'kmalloc' may sleep, but spinning lock 'struct task::alloc_lock' is held here}}
	int prio = get_ioprio_locked(p);

	kfree(buf);
	return prio;
}
