// RUN: %verify %s
// Two more ways a stored error is known (blkg_conf_prep() in
// block/blk-cgroup.c, documented to return 0 with the queue lock held and
// an error without): `ret = PTR_ERR(blkg)` after IS_ERR(blkg) was tested,
// and `ret = restart_syscall()`, a function whose only return gives a
// negative constant. Its failure paths unlock and return ret: a protocol.
#include <linux/spinlock.h>

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline long IS_ERR(const void *ptr) { return (unsigned long)ptr >= (unsigned long)-4095; }

struct queue { spinlock_t queue_lock; int enabled; };
struct blkg { int id; };
struct blkg *blkg_create(struct queue *q);
void set_sigpending(void);

static inline int restart_syscall(void)
{
	set_sigpending();
	return -513;
}

int conf_prep(struct queue *q, struct blkg **out)
{
	struct blkg *blkg;
	int ret;

	spin_lock_irq(&q->queue_lock);
	if (!q->enabled) {
		ret = -95;
		goto fail_unlock;
	}
	blkg = blkg_create(q);
	if (IS_ERR(blkg)) {
		ret = PTR_ERR(blkg);
		goto fail_unlock;
	}
	*out = blkg;
	return 0;

fail_unlock:
	spin_unlock_irq(&q->queue_lock);
	if (ret == -16)
		ret = restart_syscall();
	return ret;
}

/* PTR_ERR() of a pointer not known to be an error says nothing. */
int leaks_ptr_err(struct queue *q, struct blkg **out)
{
	struct blkg *blkg;

	spin_lock_irq(&q->queue_lock);
	blkg = blkg_create(q);
	if (!blkg) {
		spin_unlock_irq(&q->queue_lock);
		return -12;
	}
	*out = blkg;
	return PTR_ERR(blkg); // expected-warning {{returns with 'struct queue::queue_lock' held on this path but not on others}} expected-warning {{returns with an IRQs-disabled region held on this path but not on others}}
}
