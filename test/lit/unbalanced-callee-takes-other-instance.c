// RUN: %verify %s
// A callee that takes a lock class afresh and drops it again, while the
// caller holds that class, takes another instance: the same one would
// deadlock in it. Its exit "not held" is its own instance's, and the
// caller's hold stays. Found on 6.12 kernel/padata.c: padata_reorder()
// holds squeue->serial.lock while padata_find_next() takes and drops
// reorder->lock, both 'struct padata_list::lock' (C12 in
// kernel/TRIAGE-subset-6.12.md: "unlock of ..., which is not held here").
#include <linux/spinlock.h>

struct plist { spinlock_t lock; int n; };
struct pd { struct plist serial; struct plist reorder; };

static int find_next(struct pd *pd)
{
	struct plist *r = &pd->reorder;
	int n;

	spin_lock(&r->lock);
	n = r->n;
	spin_unlock(&r->lock);
	return n;
}

void reorder(struct pd *pd)
{
	spin_lock(&pd->serial.lock);
	while (find_next(pd))
		pd->serial.n++;
	spin_unlock(&pd->serial.lock);
}

/* A callee that drops the caller's hold is no such callee: it releases
 * from its entry, and the caller's second unlock is reported. */
static void drop_serial(struct pd *pd)
{
	spin_unlock(&pd->serial.lock);
}

void reorder_twice(struct pd *pd)
{
	spin_lock(&pd->serial.lock);
	drop_serial(pd);
	spin_unlock(&pd->serial.lock); // expected-warning {{unlock of 'struct plist::lock', which is not held here}}
}

/* A callee reaching the lock through its parameter may take the caller's
 * own instance: a self-deadlock, not another instance. The hold is not
 * kept, and the caller's unlock after the call is reported as before. */
static int bump(struct pd *pd)
{
	spin_lock(&pd->serial.lock);
	pd->serial.n++;
	spin_unlock(&pd->serial.lock);
	return 0;
}

void bump_locked(struct pd *pd)
{
	spin_lock(&pd->serial.lock);
	bump(pd);
	spin_unlock(&pd->serial.lock); // expected-warning {{unlock of 'struct plist::lock', which is not held here}}
}

/* Also where the callee's result classes differ (a per-class exit). */
int cond(void);

static int find_next_or_busy(struct pd *pd)
{
	struct plist *r = &pd->reorder;

	if (cond())
		return -11;
	spin_lock(&r->lock);
	r->n++;
	spin_unlock(&r->lock);
	return 0;
}

void reorder_busy(struct pd *pd)
{
	spin_lock(&pd->serial.lock);
	if (find_next_or_busy(pd)) {
		spin_unlock(&pd->serial.lock);
		return;
	}
	pd->serial.n++;
	spin_unlock(&pd->serial.lock);
}
