// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #2, fixed: as in "mptcp: init: protect sched with
 * rcu_read_lock", mptcp_init_sock() holds rcu_read_lock() around the lookup
 * and the use of the scheduler it found.
 */
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>

// expected-no-diagnostics

#define ENOPROTOOPT 92
#define MPTCP_SCHED_NAME_MAX 16

struct mptcp_sched_ops {
	struct list_head list;
	char name[MPTCP_SCHED_NAME_MAX];
	void (*init)(void *msk);
};

struct net { char scheduler[MPTCP_SCHED_NAME_MAX]; };
struct mptcp_sock { struct net *net; struct mptcp_sched_ops *sched; };

static struct list_head mptcp_sched_list;

static struct mptcp_sched_ops *mptcp_sched_find(const char *name)
{
	struct mptcp_sched_ops *sched, *ret = NULL;

	list_for_each_entry_rcu(sched, &mptcp_sched_list, list) {
		if (!strcmp(sched->name, name)) {
			ret = sched;
			break;
		}
	}
	return ret;
}

static int mptcp_init_sched(struct mptcp_sock *msk, struct mptcp_sched_ops *sched)
{
	if (!sched)
		return -ENOPROTOOPT;
	msk->sched = sched;
	if (msk->sched->init)
		msk->sched->init(msk);
	return 0;
}

static int mptcp_init_sock(struct mptcp_sock *msk)
{
	int ret;

	rcu_read_lock();
	ret = mptcp_init_sched(msk, mptcp_sched_find(msk->net->scheduler));
	rcu_read_unlock();
	if (ret)
		return -ENOPROTOOPT;
	return 0;
}

int inet_create(struct net *net, struct mptcp_sock **res)
{
	struct mptcp_sock *msk;
	int err;

	msk = kzalloc(sizeof(*msk), GFP_KERNEL);
	if (!msk)
		return -ENOMEM;
	msk->net = net;

	err = mptcp_init_sock(msk);
	if (err) {
		kfree(msk);
		return err;
	}
	*res = msk;
	return 0;
}
