// Stale RCU pointers followed beyond plain locals: struct fields of locals
// (iter.sptep), pointers into the same object (&p->member, container_of),
// the entry an RCU list iterator leaves in its cursor, and pointers returned
// by a function that read them in its caller's section.
// RUN: %verify %s
// RUN: %check -fno-caret-diagnostics %s 2>&1 | FileCheck %s
#include <linux/rcupdate.h>
#include <linux/rculist.h>

struct node { int key; struct list_head list; };
struct tbl { int n; struct node *slots[4]; };
struct tbl __rcu *gt;
struct list_head head;

struct walk { int level; struct tbl *sptep; struct tbl *path[4]; };

int field_of_local(void)
{
	struct walk iter;

	rcu_read_lock();
	iter.sptep = rcu_dereference(gt);
	rcu_read_unlock();
	return iter.sptep->n; // expected-warning {{'iter.sptep' is dereferenced after the RCU read-side critical section it was read in ended}}
}
// CHECK: warning: 'iter.sptep' is dereferenced after the RCU read-side critical section it was read in ended
// CHECK: note: 'iter.sptep' is read with rcu_dereference() here

int array_of_local(int i)
{
	struct walk iter;

	rcu_read_lock();
	iter.path[i] = rcu_dereference(gt);
	rcu_read_unlock();
	return iter.path[0]->n; // expected-warning {{'iter.path[]' is dereferenced after the RCU read-side critical section it was read in ended}}
}

int field_reread(void)
{
	struct walk iter;
	int n;

	rcu_read_lock();
	iter.sptep = rcu_dereference(gt);
	rcu_read_unlock();
	rcu_read_lock();
	iter.sptep = rcu_dereference(gt); /* read again in the new section */
	n = iter.sptep->n;
	rcu_read_unlock();
	return n;
}

int whole_struct_overwritten(struct walk *fresh)
{
	struct walk iter;

	rcu_read_lock();
	iter.sptep = rcu_dereference(gt);
	rcu_read_unlock();
	iter = *fresh; /* forgets what iter.sptep held */
	return iter.sptep->n;
}

int member_of_object(void)
{
	struct tbl *t;
	int *np;

	rcu_read_lock();
	t = rcu_dereference(gt);
	np = &t->n;
	rcu_read_unlock();
	return *np; // expected-warning {{'np' is dereferenced after the RCU read-side critical section it was read in ended}}
}

int cursor_after_loop(void)
{
	struct node *pos;

	rcu_read_lock();
	list_for_each_entry_rcu(pos, &head, list)
		if (pos->key == 1)
			break;
	rcu_read_unlock();
	return pos->key; // expected-warning {{'pos' is dereferenced after the RCU read-side critical section it was read in ended}}
}

/* Found-or-NULL after the loop: the NULL path does not know the pointer,
   so the join forgets it (definite findings only). */
int found_or_null(void)
{
	struct node *pos, *found = NULL;

	rcu_read_lock();
	list_for_each_entry_rcu(pos, &head, list) {
		if (pos->key == 1) {
			found = pos;
			break;
		}
	}
	rcu_read_unlock();
	if (!found)
		return 0;
	return found->key;
}

int container_of_entry(struct list_head *l)
{
	struct tbl *t;
	struct node *n;

	rcu_read_lock();
	t = rcu_dereference(gt);
	n = container_of((struct list_head *)t, struct node, list);
	rcu_read_unlock();
	return n->key; // expected-warning {{'n' is dereferenced after the RCU read-side critical section it was read in ended}}
}

/* Returns a pointer its caller's section protects (no section of its own). */
static struct tbl *lookup(void)
{
	struct tbl *t = rcu_dereference(gt);

	if (!t)
		return NULL;
	return t;
}

int returned_then_unlocked(void)
{
	struct tbl *t;

	rcu_read_lock();
	t = lookup();
	rcu_read_unlock();
	return t->n; // expected-warning {{'t' is dereferenced after the RCU read-side critical section it was read in ended}}
}
// CHECK: warning: 't' is dereferenced after the RCU read-side critical section it was read in ended
// CHECK: note: 't' is read with 'lookup' here

int returned_used_inside(void)
{
	struct tbl *t;
	int n = 0;

	rcu_read_lock();
	t = lookup();
	if (t)
		n = t->n;
	rcu_read_unlock();
	return n;
}

int returned_compared_only(struct tbl *mine)
{
	struct tbl *t;

	rcu_read_lock();
	t = lookup();
	rcu_read_unlock();
	return t == mine; /* compared, never dereferenced */
}
