/* Callers of the recursion, in a third file (the fixed version). */
#include <linux/fs.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>

struct node {
	spinlock_t lock;
	int depth;
	struct node __rcu *child;
};

void unwind_a(struct node *n);
int count_a(struct node *n, int budget);

static void node_reset(struct node *n)
{
	lockdep_assert_held(&n->lock);
	n->depth = 0;
}

/* Fixed: reset while the lock is held; unwind_a() releases it. */
static void node_finish(struct node *n)
{
	spin_lock(&n->lock);
	node_reset(n);
	unwind_a(n);
}

/* Fixed: count_a() runs inside an RCU read-side critical section. */
static long node_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct node *n = filp->private_data;
	long ret;

	rcu_read_lock();
	ret = count_a(n, 3);
	rcu_read_unlock();
	return ret;
}

static int node_release(struct inode *inode, struct file *filp)
{
	node_finish(filp->private_data);
	return 0;
}

const struct file_operations node_fops = {
	.unlocked_ioctl = node_ioctl,
	.release = node_release,
};
