// A test true only where a lock class is not held (a rule's `excludes`):
// Linux 6.12's lib/maple_tree.c mas_nomem() allocates with the caller's
// gfp under the tree's lock unless `gfpflags_allow_blocking(gfp) &&
// !mt_external_lock(mas->tree)`, where it drops ma_lock around it. A tree
// with an external lock never takes its ma_lock, so mtree_erase(), which
// holds ma_lock and passes GFP_KERNEL, has no path to the sleeping
// allocation under it.
// RUN: %verify %s
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define MT_FLAGS_LOCK_EXTERN 0x300
struct maple_tree { spinlock_t ma_lock; unsigned int ma_flags; };
struct ma_state { struct maple_tree *tree; void *node; };

static inline bool mt_external_lock(const struct maple_tree *mt)
{
	return (mt->ma_flags & 0x300) == MT_FLAGS_LOCK_EXTERN;
}

static bool mas_nomem(struct ma_state *mas, gfp_t gfp)
{
	if (mas->node)
		return false;
	if (gfpflags_allow_blocking(gfp) && !mt_external_lock(mas->tree)) {
		spin_unlock(&mas->tree->ma_lock);
		mas->node = kmalloc(64, gfp);
		spin_lock(&mas->tree->ma_lock);
	} else {
		mas->node = kmalloc(64, gfp);
	}
	return mas->node != 0;
}

void *mtree_erase(struct maple_tree *mt)
{
	struct ma_state mas = { mt, 0 };

	spin_lock(&mt->ma_lock);
	mas_nomem(&mas, GFP_KERNEL);
	spin_unlock(&mt->ma_lock);
	return mas.node;
}

// The other edge: where the tree's lock is its own, the sleep under it is
// one.
static void grow_own(struct maple_tree *mt)
{
	if (!mt_external_lock(mt))
		kmalloc(64, GFP_KERNEL);
}

void mtree_grow(struct maple_tree *mt)
{
	spin_lock(&mt->ma_lock);
	grow_own(mt); // expected-warning {{'grow_own' may sleep, but spinning lock 'struct maple_tree::ma_lock' is held here}}
	spin_unlock(&mt->ma_lock);
}
