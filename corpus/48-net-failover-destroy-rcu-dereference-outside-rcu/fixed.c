// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
/*
 * rcuctx corpus #48, fixed (proposed): the failover netdev is read with
 * rtnl_dereference() once RTNL is held, as the slaves are; the detach moves
 * under RTNL with it (netif_device_detach() is fine there).
 */
#include <linux/rtnetlink.h>

struct net_device { int flags; };
struct failover { struct net_device __rcu *failover_dev; };
struct net_failover_info {
	struct net_device __rcu *primary_dev;
	struct net_device __rcu *standby_dev;
};

struct net_failover_info *netdev_priv(struct net_device *dev);
void netif_device_detach(struct net_device *dev);
void failover_slave_unregister(struct net_device *dev);
void failover_unregister(struct failover *failover);
void unregister_netdevice(struct net_device *dev);
void free_netdev(struct net_device *dev);

void net_failover_destroy(struct failover *failover)
{
	struct net_failover_info *nfo_info;
	struct net_device *failover_dev;
	struct net_device *slave_dev;

	if (!failover)
		return;

	rtnl_lock();

	failover_dev = rtnl_dereference(failover->failover_dev);
	nfo_info = netdev_priv(failover_dev);

	netif_device_detach(failover_dev);

	slave_dev = rtnl_dereference(nfo_info->primary_dev);
	if (slave_dev)
		failover_slave_unregister(slave_dev);

	slave_dev = rtnl_dereference(nfo_info->standby_dev);
	if (slave_dev)
		failover_slave_unregister(slave_dev);

	failover_unregister(failover);
	unregister_netdevice(failover_dev);
	rtnl_unlock();

	free_netdev(failover_dev);
}
