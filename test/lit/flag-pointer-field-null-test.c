// RUN: %verify %s
// A pointer field's NULL test is a flag of its record's field, as a boolean
// field's is (transfer/FlagTransfer.h): a callee's need under `if
// (fi->nh)` is none on the caller's branch where it found `fi->nh` NULL.
// net/ipv4/fib_semantics.c's free_fib_info_rcu(), an RCU callback, walks the
// nexthops with change_nexthops() only where `fi->nh` is NULL, and
// fib_info_num_path() reaches rcu_dereference_rtnl() only where it is set.
// Without the caller's test, or on the branch that found it set, the need
// stands; a store to the field forgets the test.
#include <linux/rtnetlink.h>
#include <linux/rcupdate.h>

struct grp { int n; };
struct nexthop { struct grp __rcu *grp; };
struct fib_info { struct nexthop *nh; int nhs; struct rcu_head rcu; };
void nexthop_put(struct nexthop *nh);

static int nexthop_num_path(struct nexthop *nh)
{
	struct grp *g = rcu_dereference_rtnl(nh->grp);

	return g ? g->n : 1;
}

static int fib_info_num_path(const struct fib_info *fi)
{
	if (__builtin_expect(!!(fi->nh), 0))
		return nexthop_num_path(fi->nh);
	return fi->nhs;
}

static void free_rcu(struct rcu_head *head)
{
	struct fib_info *fi = container_of(head, struct fib_info, rcu);
	int i, n = 0;

	if (fi->nh) {
		nexthop_put(fi->nh);
	} else {
		for (i = 0; i < fib_info_num_path(fi); i++)
			n++;
	}
}

static void free_rcu_untested(struct rcu_head *head)
{
	struct fib_info *fi = container_of(head, struct fib_info, rcu);

	(void)fib_info_num_path(fi); // expected-warning {{'fib_info_num_path' needs an RCU read-side critical section, but none is held here}}
}

static void free_rcu_set(struct rcu_head *head)
{
	struct fib_info *fi = container_of(head, struct fib_info, rcu);

	if (fi->nh)
		(void)fib_info_num_path(fi); // expected-warning {{'fib_info_num_path' needs an RCU read-side critical section, but none is held here}}
}

extern struct nexthop *spare_nh;

static void free_rcu_stored(struct rcu_head *head)
{
	struct fib_info *fi = container_of(head, struct fib_info, rcu);

	if (!fi->nh) {
		fi->nh = spare_nh;
		(void)fib_info_num_path(fi); // expected-warning {{'fib_info_num_path' needs an RCU read-side critical section, but none is held here}}
	}
}

/* Stored through rcu_assign_pointer() (WRITE_ONCE()): forgotten too. */
static void free_rcu_published(struct rcu_head *head)
{
	struct fib_info *fi = container_of(head, struct fib_info, rcu);

	if (!fi->nh) {
		rcu_assign_pointer(fi->nh, spare_nh);
		(void)fib_info_num_path(fi); // expected-warning {{'fib_info_num_path' needs an RCU read-side critical section, but none is held here}}
	}
}

void release(struct fib_info *fi)
{
	call_rcu(&fi->rcu, free_rcu);
	call_rcu(&fi->rcu, free_rcu_untested);
	call_rcu(&fi->rcu, free_rcu_set);
	call_rcu(&fi->rcu, free_rcu_stored);
	call_rcu(&fi->rcu, free_rcu_published);
}
