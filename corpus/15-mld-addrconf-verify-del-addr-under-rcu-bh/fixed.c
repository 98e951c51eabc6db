// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #15, fixed: as in aa8caa767e31, the RCU-bh section is left
 * around ipv6_del_addr(); the address stays valid because of the
 * in6_ifa_hold() reference taken first, and the walk restarts afterwards.
 */
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>

// expected-no-diagnostics

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
			rcu_read_unlock_bh();
			ipv6_del_addr(ifp);
			rcu_read_lock_bh();
			goto restart;
		}
		spin_unlock(&ifp->lock);
	}
	rcu_read_unlock_bh();
}
