// RUN: %verify %s
// The rules say an allocator returns NULL or an object, never an ERR_PTR()
// (op `returns`, rules/10-kernel-core.yaml): a pointer stored from kzalloc()
// and tested for NULL is not an error on its non-NULL branch. 6.12's
// find_alloc_undo() (ipc/sem.c) keeps RCU on the path where `un = new`
// (kvzalloc()'d and tested) and returns ERR_PTR() without it: a
// whole-kernel "returns with an RCU read-side critical section held on
// this path but not on others", false. A pointer from a function the rules
// and the file say nothing of may still be an ERR_PTR(): reported.
#include <linux/rcupdate.h>
#include <linux/slab.h>

static inline void *ERR_PTR(long error) { return (void *)error; }
struct undo { int semid; };
int getref(void);
struct undo *alloc_elsewhere(void);

struct undo *find_alloc(void)
{
	struct undo *un, *new;

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return ERR_PTR(-12);
	rcu_read_lock();
	if (!getref()) {
		rcu_read_unlock();
		kfree(new);
		un = ERR_PTR(-43);
		goto out;
	}
	un = new;
out:
	return un; /* on success, RCU stays held */
}

struct undo *find_alloc_elsewhere(void)
{
	struct undo *un, *new;

	new = alloc_elsewhere();
	if (!new)
		return ERR_PTR(-12);
	rcu_read_lock();
	if (!getref()) {
		rcu_read_unlock();
		un = ERR_PTR(-43);
		goto out;
	}
	un = new; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others}}
out:
	return un;
}
