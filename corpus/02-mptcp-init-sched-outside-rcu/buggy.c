// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #2: a new MPTCP socket looks up its packet scheduler on the
 * RCU-protected scheduler list, but socket creation holds no RCU section.
 *
 * Distilled from "mptcp: init: protect sched with rcu_read_lock" (Nov 2024,
 * Fixes: 1730b2b2c5a5 "mptcp: add sched in mptcp_sock"): mptcp_init_sock()
 * called mptcp_init_sched(msk, mptcp_sched_find(mptcp_get_scheduler(net))),
 * and mptcp_sched_find() walks mptcp_sched_list with
 * list_for_each_entry_rcu(). With CONFIG_PROVE_RCU_LIST this splatted
 * "RCU-list traversed in non-reader section!" from inet_create().
 */
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>

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
	/* The real code: mptcp_init_sched(msk, mptcp_sched_find(mptcp_get_scheduler(net))). */
	if (mptcp_init_sched(msk, mptcp_sched_find(msk->net->scheduler)))
		return -ENOPROTOOPT;
	return 0;
}

/* inet_create(): sk_alloc() may sleep, then sk->sk_prot->init() runs. */
int inet_create(struct net *net, struct mptcp_sock **res)
{
	struct mptcp_sock *msk;
	int err;

	msk = kzalloc(sizeof(*msk), GFP_KERNEL);
	if (!msk)
		return -ENOMEM;
	msk->net = net;

	err = mptcp_init_sock(msk); // expected-warning {{'mptcp_init_sock' needs an RCU read-side critical section, but none is held here}}
	if (err) {
		kfree(msk);
		return err;
	}
	*res = msk;
	return 0;
}
