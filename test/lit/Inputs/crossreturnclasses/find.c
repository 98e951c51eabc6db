/* find.c: keeps RCU on a hit (the caller's rcu_read_unlock() ends it), and
 * returns ERR_PTR() without it. */
#include <linux/rcupdate.h>

static inline void *ERR_PTR(long error) { return (void *)error; }
struct undo;
struct undo_list;
struct undo *lookup_undo(struct undo_list *ulp, int semid);
int getref(void);

struct undo *find_undo(struct undo_list *ulp, int semid)
{
	struct undo *un;

	rcu_read_lock();
	un = lookup_undo(ulp, semid);
	if (un != NULL)
		goto out;
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
