// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #27, fixed: as in "[DECNET]: Fix RCU race condition in
 * dn_neigh_construct().", rcu_read_unlock() moves below the last use of
 * dn_db.
 */
#include <linux/rcupdate.h>

// expected-no-diagnostics

struct neigh_parms;
struct neigh_ops { int family; };

extern const struct neigh_ops dn_long_ops, dn_short_ops, dn_phase3_ops;

struct dn_dev {
	struct neigh_parms *neigh_parms;
	char use_long;
};

struct net_device {
	struct dn_dev __rcu *dn_ptr;
};

struct neighbour {
	struct net_device *dev;
	struct neigh_parms *parms;
	const struct neigh_ops *ops;
};

struct dn_neigh {
	struct neighbour n;
	u8 flags;
};

#define DN_NDFLAG_P3	0x04

void __neigh_parms_put(struct neigh_parms *parms);
struct neigh_parms *neigh_parms_clone(struct neigh_parms *parms);

int dn_neigh_construct(struct neighbour *neigh)
{
	struct dn_neigh *dn = container_of(neigh, struct dn_neigh, n);
	struct dn_dev *dn_db;

	rcu_read_lock();
	dn_db = rcu_dereference(neigh->dev->dn_ptr);
	if (!dn_db) {
		rcu_read_unlock();
		return -EINVAL;
	}

	/* Inherit the device's neighbour parameters. */
	__neigh_parms_put(neigh->parms);
	neigh->parms = neigh_parms_clone(dn_db->neigh_parms);

	/* Long (Ethernet) or short (point-to-point) routing headers. */
	neigh->ops = dn_db->use_long ? &dn_long_ops : &dn_short_ops;
	rcu_read_unlock();

	if (dn->flags & DN_NDFLAG_P3)
		neigh->ops = &dn_phase3_ops;

	return 0;
}
