// RUN: %verify %s
// Which instance of a lock class a call takes or drops is read from the
// lock expression itself, not from how the call is spelled: a lock and
// its unlock through two wrapper macros that build the expression in
// their bodies (the maple tree's mtree_lock()/mtree_unlock(), each
// `spin_lock((&(mt)->ma_lock))`) name one instance. Spelled text made
// them two, stopped judging the class at the unlock, and reported 6.12's
// lib/maple_tree.c mas_nomem() -- `__must_hold(mas->tree->ma_lock)`,
// dropping and retaking the caller's lock around an allocation -- as
// returning with the lock held on one path only (C19 in
// kernel/TRIAGE-subset-6.12.md).
#include <linux/spinlock.h>

struct maple_tree { spinlock_t ma_lock; int n; };
struct ma_state { struct maple_tree *tree; void *node; };
#define mtree_lock(mt) spin_lock((&(mt)->ma_lock))
#define mtree_unlock(mt) spin_unlock((&(mt)->ma_lock))
#define tree_lock_again(mt) spin_lock(&((*(mt)).ma_lock))
extern int opaque(void);
extern void alloc_nodes(struct ma_state *mas);

int mas_nomem(struct ma_state *mas)
{
	if (mas->node)
		return 0;
	if (opaque()) {
		mtree_unlock(mas->tree);
		alloc_nodes(mas);
		mtree_lock(mas->tree);
	} else {
		alloc_nodes(mas);
	}
	return opaque();
}

/* Still two instances where the expressions differ. */
void two_trees(struct maple_tree *a, struct maple_tree *b)
{
	mtree_lock(a);
	mtree_lock(b);
	b->n = a->n;
	mtree_unlock(b);
	mtree_unlock(a);
}

/* One instance, however each macro writes it: taken twice. */
void twice(struct maple_tree *t)
{
	mtree_lock(t);
	tree_lock_again(t); // expected-warning {{'struct maple_tree::ma_lock' is already held here}}
	mtree_unlock(t);
}
