// RUN: %verify %s
// A pointer-returning function's summary keeps the classes its returns
// surely stay within (NULL or an object from a list, never an ERR_PTR()):
// a caller that stores the value and tests it for NULL knows the non-NULL
// branch is not an error. 6.12's find_alloc_undo() (ipc/sem.c) keeps RCU
// on the lookup_undo() hit and returns ERR_PTR() without it: with the
// classes unknown, non-NULL included ERR_PTR() and the two exits read as
// unbalanced. A callee that may return ERR_PTR() (its value unknown) still
// leaves the branch open, and the imbalance is reported there.
#include <linux/rcupdate.h>
#include <linux/compiler.h>

struct list_head { struct list_head *next, *prev; };
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_for_each_entry(pos, head, member)					\
	for (pos = list_entry((head)->next, typeof(*pos), member);		\
	     &pos->member != (head);						\
	     pos = list_entry(pos->member.next, typeof(*pos), member))
static inline void *ERR_PTR(long error) { return (void *)error; }
int getref(void);

struct sem_undo { int semid; struct list_head list_proc; };
struct undo_list { struct list_head list_proc; };

static struct sem_undo *lookup_undo(struct undo_list *ulp, int semid)
{
	struct sem_undo *un;

	list_for_each_entry(un, &ulp->list_proc, list_proc) {
		if (un->semid == semid)
			return un;
	}
	return NULL;
}

static struct sem_undo *find_alloc_undo(struct undo_list *ulp, int semid)
{
	struct sem_undo *un;

	rcu_read_lock();
	un = lookup_undo(ulp, semid);
	if (likely(un != NULL))
		goto out; /* on success, RCU stays held */
	if (!getref()) {
		rcu_read_unlock();
		un = ERR_PTR(-43);
		goto out;
	}
	rcu_read_unlock();
	return ERR_PTR(-12);
out:
	return un;
}

struct sem_undo *lookup_elsewhere(struct undo_list *ulp, int semid);

static struct sem_undo *find_undo_unknown(struct undo_list *ulp, int semid)
{
	struct sem_undo *un;

	rcu_read_lock();
	un = lookup_elsewhere(ulp, semid);
	if (un != NULL)
		goto out; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others}}
	rcu_read_unlock();
	un = ERR_PTR(-2);
out:
	return un;
}
