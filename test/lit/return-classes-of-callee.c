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
static inline int IS_ERR(const void *p) { return (unsigned long)p >= (unsigned long)-4095; }
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

/* A __weak default returning NULL says nothing of what the link keeps: its
 * classes are not the caller's (an arch's override returns a table). */
struct table { int n; };
struct table * __attribute__((weak)) arch_get_table(void)
{
	return NULL;
}

int read_table(void)
{
	struct table *t;

	rcu_read_lock();
	t = arch_get_table();
	if (t)
		return t->n; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others}}
	rcu_read_unlock();
	return 0;
}

/* Classes a callee's exits per class only guessed (its pointer taken for an
 * object) are not sure ones: g() hands on f()'s value, which may be
 * lookup_elsewhere()'s ERR_PTR(). */
int cond(void);
static struct sem_undo *f(struct undo_list *ulp)
{
	struct sem_undo *un;

	rcu_read_lock();
	if (cond()) {
		rcu_read_unlock();
		return NULL;
	}
	un = lookup_elsewhere(ulp, 1);
	return un;
}

static struct sem_undo *g(struct undo_list *ulp)
{
	struct sem_undo *x = f(ulp);

	if (x)
		rcu_read_unlock();
	return x;
}

long use_g(struct undo_list *ulp)
{
	struct sem_undo *y;

	rcu_read_lock();
	y = g(ulp);
	if (IS_ERR(y))
		return -5; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others}}
	rcu_read_unlock();
	return 0;
}
