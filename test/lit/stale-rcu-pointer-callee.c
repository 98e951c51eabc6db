// A stale RCU pointer handed to a function that dereferences it on every
// path is a use after the section too; a rules `derive` op says a helper's
// result lives as long as its argument's object (KVM's sptep_to_sp()).
// RUN: %verify %s
// RUN: %check -fno-caret-diagnostics %s 2>&1 | FileCheck %s
#include <linux/rcupdate.h>

struct page_table { int level; };
struct sp { int role; struct page_table *spt; };
struct page_table __rcu *root;

struct sp *sptep_to_sp(struct page_table *sptep); /* 20-kvm.yaml: derive arg 0 */

static int role_of(struct sp *sp) { return sp->role; }
static int maybe_role(struct sp *sp) { return sp ? sp->role : 0; }
static int through(struct sp *sp) { return role_of(sp) + 1; }

int passed_after_unlock(void)
{
	struct sp *parent;

	rcu_read_lock();
	parent = sptep_to_sp(rcu_dereference(root));
	rcu_read_unlock();
	return role_of(parent); // expected-warning {{'parent' is passed to 'role_of', which dereferences it, after the RCU read-side critical section it was read in ended}}
}
// CHECK: warning: 'parent' is passed to 'role_of', which dereferences it, after the RCU read-side critical section it was read in ended
// CHECK: note: 'parent' is read with rcu_dereference() here
// CHECK: note: RCU read-side critical section ended here
// CHECK: note: 'role_of' dereferences it here

int passed_two_deep(void)
{
	struct sp *parent;

	rcu_read_lock();
	parent = sptep_to_sp(rcu_dereference(root));
	rcu_read_unlock();
	return through(parent); // expected-warning {{'parent' is passed to 'through', which dereferences it}}
}

int passed_inside(void)
{
	struct sp *parent;
	int r;

	rcu_read_lock();
	parent = sptep_to_sp(rcu_dereference(root));
	r = role_of(parent);
	rcu_read_unlock();
	return r;
}

/* Dereferenced only on some paths (a NULL check first): not definite. */
int passed_to_checker(void)
{
	struct sp *parent;

	rcu_read_lock();
	parent = sptep_to_sp(rcu_dereference(root));
	rcu_read_unlock();
	return maybe_role(parent);
}
