// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #26: the taprio (802.1Qbv time-aware) qdisc reads the
 * current gate-control entry with rcu_dereference() to learn which gates are
 * open, leaves the RCU section, and then, for each child queue, checks the
 * packet against the same entry's close time and transmit budget. Once
 * schedules can be replaced at run time, the entry may be freed right after
 * rcu_read_unlock().
 *
 * Distilled from "taprio: Fix potencial use of invalid memory during
 * dequeue()" (Vinicius Costa Gomes, net-next, Apr 2019, Message-Id
 * 20190429224833.18208-2-vinicius.gomes@intel.com): "When a new schedule
 * transitions from the inactive to the active state ("admin" -> "oper") the
 * previous one can be freed, if it's freed just after the RCU read lock is
 * released, we may access an invalid entry. So, we should take care to
 * protect the dequeue() flow, so all the places that access the entries are
 * protected by the RCU read lock."
 */
#include <linux/rcupdate.h>

#define TAPRIO_ALL_GATES_OPEN	(~0u)
#define BIT(n)			(1u << (n))

typedef s64 ktime_t;
typedef struct { int counter; } atomic_t;
int atomic_sub_return(int i, atomic_t *v);

struct sched_entry {
	ktime_t close_time;
	atomic_t budget;
	u32 gate_mask;
	u32 interval;
};

struct sk_buff {
	u32 priority;
	u32 len;
};

struct Qdisc;
struct sk_buff *qdisc_peek(struct Qdisc *child);
struct sk_buff *qdisc_dequeue(struct Qdisc *child);

struct taprio_sched {
	struct sched_entry __rcu *current_entry;
	struct Qdisc *qdiscs[16];
	int num_tx_queues;
	u8 prio_tc_map[16];
	s64 picos_per_byte;
	ktime_t (*get_time)(void);
};

static s64 length_to_duration(struct taprio_sched *q, u32 len)
{
	return (len * q->picos_per_byte) / 1000;
}

struct sk_buff *taprio_dequeue(struct taprio_sched *q)
{
	struct sched_entry *entry;
	struct sk_buff *skb;
	u32 gate_mask;
	int i;

	rcu_read_lock();
	entry = rcu_dereference(q->current_entry);
	/* No entry yet: the schedule has not started, all gates are open. */
	gate_mask = entry ? entry->gate_mask : TAPRIO_ALL_GATES_OPEN;
	rcu_read_unlock();

	if (!gate_mask)
		return NULL;

	for (i = 0; i < q->num_tx_queues; i++) {
		struct Qdisc *child = q->qdiscs[i];
		ktime_t guard;
		u8 tc;

		if (!child)
			continue;

		skb = qdisc_peek(child);
		if (!skb)
			continue;

		tc = q->prio_tc_map[skb->priority & 15];
		if (!(gate_mask & BIT(tc)))
			continue;

		guard = q->get_time() + length_to_duration(q, skb->len);

		/* Without a gate entry there is no guard band ... */
		if (gate_mask != TAPRIO_ALL_GATES_OPEN &&
		    guard > entry->close_time) // expected-warning {{'entry' is dereferenced after the RCU read-side critical section it was read in ended}}
			return NULL;

		/* ... and no budget. */
		if (gate_mask != TAPRIO_ALL_GATES_OPEN &&
		    atomic_sub_return(skb->len, &entry->budget) < 0) // expected-warning {{'entry' is dereferenced after the RCU read-side critical section it was read in ended}}
			return NULL;

		return qdisc_dequeue(child);
	}

	return NULL;
}
