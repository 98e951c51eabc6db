// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #27: a new DECnet neighbour takes its parameters from the
 * device's DECnet state, dev->dn_ptr, read with rcu_dereference() inside an
 * RCU section. The section ended one line too early: the following test of
 * dn_db->use_long (long or short routing headers) reads the structure after
 * rcu_read_unlock(), when dn_dev_delete() may already have freed it.
 *
 * Distilled from "[DECNET]: Fix RCU race condition in dn_neigh_construct()."
 * (Paul E. McKenney, Linux 2.6.13, Aug 2005; reported by Suzanne Wood on
 * LKML): "the structure pointed to by dn_db could potentially be freed
 * immediately after the rcu_read_unlock()". DECnet was removed from Linux in
 * 6.1; the shape is timeless.
 */
#include <linux/rcupdate.h>

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
	rcu_read_unlock();

	/* Long (Ethernet) or short (point-to-point) routing headers. */
	neigh->ops = dn_db->use_long ? &dn_long_ops : &dn_short_ops; // expected-warning {{'dn_db' is dereferenced after the RCU read-side critical section it was read in ended}}
	if (dn->flags & DN_NDFLAG_P3)
		neigh->ops = &dn_phase3_ops;

	return 0;
}
