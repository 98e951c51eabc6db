// switch, break and continue: states join where control flow meets.
// RUN: %verify %s
#include <linux/spinlock.h>
#include <linux/slab.h>

struct q { spinlock_t lock; int n; };

int by_switch(struct q *q, int op)
{
	void *p = 0;

	switch (op) {
	case 0:
		spin_lock(&q->lock);
		q->n++;
		spin_unlock(&q->lock);
		break;
	case 1:
		spin_lock(&q->lock);
		p = kmalloc(8, GFP_KERNEL); // expected-warning {{'kmalloc' may sleep, but spinning lock 'struct q::lock' is held here}}
		spin_unlock(&q->lock);
		break;
	default:
		p = kmalloc(8, GFP_KERNEL);
		break;
	}
	kfree(p);
	return 0;
}

int loop_exits(struct q *q, int n)
{
	for (int i = 0; i < n; i++) {
		spin_lock(&q->lock);
		if (q->n > i) {
			spin_unlock(&q->lock);
			continue;
		}
		if (q->n < 0) {
			spin_unlock(&q->lock);
			break;
		}
		q->n--;
		spin_unlock(&q->lock);
	}
	return (int)(long)kmalloc(8, GFP_KERNEL);
}

int break_while_held(struct q *q, int n)
{
	while (n--) {
		spin_lock(&q->lock);
		if (q->n)
			break;
		spin_unlock(&q->lock);
	}
	return q->n; /* held on one path only: not definite at a single return */
}
