// RUN: %verify %s
// A function that returns the object whose lock it leaves held hands the
// lock to its caller (mm/rmap.c's lock_anon_vma_root() and
// folio_lock_anon_vma_read()): held on one return and not on another is the
// protocol, not an imbalance. Found by the whole-kernel run. A function that
// returns something else still may not leave a lock held on some paths only.
#include <linux/mutex.h>

struct anon_vma { struct rw_semaphore rwsem; struct anon_vma *root; };
struct other { int x; };
extern int cond(void);

static struct anon_vma *lock_root(struct anon_vma *root, struct anon_vma *av)
{
	struct anon_vma *new_root = av->root;

	if (new_root != root) {
		if (root)
			up_write(&root->rwsem);
		root = new_root;
		down_write(&root->rwsem);
	}
	return root;
}

static struct anon_vma *lock_read_or_null(struct anon_vma *av)
{
	down_read(&av->rwsem);
	if (cond()) {
		up_read(&av->rwsem);
		return NULL;
	}
	return av;
}

static int not_a_handoff(struct anon_vma *av)
{
	down_read(&av->rwsem);
	if (cond()) {
		up_read(&av->rwsem);
		return 0;
	}
	return -1; // expected-warning {{returns with 'struct anon_vma::rwsem' held on this path but not on others}}
}

void use(struct anon_vma *a, struct anon_vma *b)
{
	struct anon_vma *r = lock_root(NULL, a);

	r = lock_root(r, b);
	up_write(&r->rwsem);
	if (lock_read_or_null(a))
		up_read(&a->rwsem);
	not_a_handoff(a);
}
