// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #26, fixed: as in "taprio: Fix potencial use of invalid
 * memory during dequeue()", the whole dequeue runs in the RCU section: every
 * exit goes through "done", which calls rcu_read_unlock().
 */
#include <linux/rcupdate.h>

// expected-no-diagnostics

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
	struct sk_buff *skb = NULL;
	struct sched_entry *entry;
	u32 gate_mask;
	int i;

	rcu_read_lock();
	entry = rcu_dereference(q->current_entry);
	/* No entry yet: the schedule has not started, all gates are open. */
	gate_mask = entry ? entry->gate_mask : TAPRIO_ALL_GATES_OPEN;

	if (!gate_mask)
		goto done;

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
		if (!(gate_mask & BIT(tc))) {
			skb = NULL;
			continue;
		}

		guard = q->get_time() + length_to_duration(q, skb->len);

		/* Without a gate entry there is no guard band ... */
		if (gate_mask != TAPRIO_ALL_GATES_OPEN &&
		    guard > entry->close_time) {
			skb = NULL;
			goto done;
		}

		/* ... and no budget. */
		if (gate_mask != TAPRIO_ALL_GATES_OPEN &&
		    atomic_sub_return(skb->len, &entry->budget) < 0) {
			skb = NULL;
			goto done;
		}

		skb = qdisc_dequeue(child);
		goto done;
	}

done:
	rcu_read_unlock();

	return skb;
}
