/* Callers of the recursion, in a third file (the buggy version). */
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

/* Bug: unwind_a() released the lock, through unwind_b() or itself. */
static void node_finish(struct node *n)
{
	spin_lock(&n->lock);
	unwind_a(n);
	node_reset(n);
}

/* Bug: count_a() reaches rcu_dereference() in count_b(). */
static long node_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct node *n = filp->private_data;

	return count_a(n, 3);
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
