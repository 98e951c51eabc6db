// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #15: IPv6 address expiry deletes an address from inside the
 * RCU-bh section it walks the address table in, and deleting now ends in a
 * mutex: leaving the solicited-node multicast group takes idev->mc_lock.
 *
 * Distilled from aa8caa767e31 "mld: fix suspicious RCU usage in
 * __ipv6_dev_mc_dec()" (Taehee Yoo, net-next, Apr 2021; Fixes: 63ed8de4be81
 * "mld: add mc_lock for protecting per-interface mld data"). The splat:
 * "Illegal context switch in RCU-bh read-side critical section!" from
 * __mutex_lock <- __ipv6_dev_mc_dec <- addrconf_leave_solict <-
 * __ipv6_ifa_notify <- ipv6_del_addr <- addrconf_verify_rtnl.
 */
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>

#define INFINITY_LIFE_TIME	0xFFFFFFFF
#define RTM_DELADDR		21

struct in6_addr { u32 s6_addr32[4]; };

struct inet6_dev {
	struct mutex mc_lock;
	int mc_count;
};

struct inet6_ifaddr {
	struct in6_addr addr;
	spinlock_t lock;
	struct inet6_dev *idev;
	struct list_head addr_lst;
	u32 valid_lft;
	unsigned long tstamp;
	int refcnt;
};

static struct list_head inet6_addr_lst;
extern unsigned long jiffies;

void in6_ifa_hold(struct inet6_ifaddr *ifp);
void in6_ifa_put(struct inet6_ifaddr *ifp);
void addrconf_unlink(struct inet6_ifaddr *ifp);
void addrconf_solicited_addr(const struct in6_addr *addr, struct in6_addr *solicited);

static int __ipv6_dev_mc_dec(struct inet6_dev *idev, const struct in6_addr *addr)
{
	mutex_lock(&idev->mc_lock);
	idev->mc_count--;
	mutex_unlock(&idev->mc_lock);
	return 0;
}

static void addrconf_leave_solict(struct inet6_dev *idev, const struct in6_addr *addr)
{
	struct in6_addr maddr;

	addrconf_solicited_addr(addr, &maddr);
	__ipv6_dev_mc_dec(idev, &maddr);
}

static void __ipv6_ifa_notify(int event, struct inet6_ifaddr *ifp)
{
	if (event == RTM_DELADDR)
		addrconf_leave_solict(ifp->idev, &ifp->addr);
}

static void ipv6_del_addr(struct inet6_ifaddr *ifp)
{
	addrconf_unlink(ifp);
	__ipv6_ifa_notify(RTM_DELADDR, ifp);
	in6_ifa_put(ifp);
}

/* Runs from addrconf_verify_work() with RTNL held. */
void addrconf_verify_rtnl(void)
{
	struct inet6_ifaddr *ifp;
	unsigned long age;

	rcu_read_lock_bh();
restart:
	list_for_each_entry_rcu(ifp, &inet6_addr_lst, addr_lst) {
		spin_lock(&ifp->lock);
		age = (jiffies - ifp->tstamp) / 100;
		if (ifp->valid_lft != INFINITY_LIFE_TIME && age >= ifp->valid_lft) {
			spin_unlock(&ifp->lock);
			in6_ifa_hold(ifp);
			ipv6_del_addr(ifp); // expected-warning {{'ipv6_del_addr' may sleep, but an RCU-bh read-side critical section is held here}}
			goto restart;
		}
		spin_unlock(&ifp->lock);
	}
	rcu_read_unlock_bh();
}
