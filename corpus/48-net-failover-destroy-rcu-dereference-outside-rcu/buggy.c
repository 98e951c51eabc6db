// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #48: net_failover_destroy() reads the failover netdev with
 * rcu_dereference() outside any RCU read-side critical section, then takes
 * RTNL (a mutex) to unregister it. No caller can meet both: the accessor
 * needs RCU, rtnl_lock() may sleep. Its callers (virtio_net's remove and
 * probe error paths) hold neither RCU nor RTNL, so with CONFIG_PROVE_RCU
 * every such call prints "suspicious rcu_dereference_check() usage". The
 * pointer itself is stable (the failover instance owns it; the driver is
 * tearing it down): the accessor is the wrong one, not the data.
 *
 * Found by rcuctx in Linux 6.12's drivers/net/net_failover.c (the
 * whole-kernel run, once the rules knew that rtnl_lock() takes a mutex:
 * kernel/RESULTS-whole-kernel.md, "Tenth session"). No upstream fix is
 * known to us; fixed.c is the change we propose: read it under RTNL with
 * rtnl_dereference(), as the function already does for the slaves.
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

	failover_dev = rcu_dereference(failover->failover_dev); // expected-warning {{rcu_dereference() needs an RCU read-side critical section, but none is held here}}
	nfo_info = netdev_priv(failover_dev);

	netif_device_detach(failover_dev);

	rtnl_lock();

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
