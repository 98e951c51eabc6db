// A requirement a callee has only where a pointer parameter is not NULL
// (`if (skb) skb_dst_force(skb)`, which asserts an RCU read-side section),
// at a call that passes NULL there: none. Linux 6.12's
// net/core/neighbour.c neigh_managed_work() calls
// neigh_event_send_probe(neigh, NULL, false) from a work item under
// tbl->lock only; __neigh_event_send() forces the skb's dst under RCU only
// for an skb. The NULL test is a flag of the parameter
// (transfer/FlagTransfer.h's nullFlagKey()), carried up through a wrapper
// that passes its own parameter on; any other argument is taken to be
// non-NULL, so the requirement stays.
// RUN: %verify %debug_config %s
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
struct skb { int x; };
struct neigh { int state; };
extern void skb_dst_force(struct skb *skb);
static struct neigh gn;
static struct skb *gskb;
static struct work_struct w1, w2;

static int __event_send(struct neigh *n, struct skb *skb)
{
	if (n->state) {
		if (skb) {
			RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "needs rcu");
			skb_dst_force(skb);
		}
	}
	return 0;
}
static inline int event_send_probe(struct neigh *n, struct skb *skb)
{
	return __event_send(n, skb);
}
static void managed_work(struct work_struct *w)
{
	event_send_probe(&gn, NULL);
}
static void skb_work(struct work_struct *w)
{
	event_send_probe(&gn, gskb); // expected-warning {{'event_send_probe' requires an RCU read-side critical section, but none is held here [rcuctx-lock-held]}}
}
void setup(void)
{
	INIT_WORK(&w1, managed_work);
	INIT_WORK(&w2, skb_work);
}

// A wrapper that assigns its parameter before passing it on: the callee's
// test is not of what its caller passed.
static void send_reassigned(struct neigh *n, struct skb *skb)
{
	skb = gskb;
	__event_send(n, skb);
}
static void reassigned_work(struct work_struct *w)
{
	send_reassigned(&gn, NULL); // expected-warning {{'send_reassigned' requires an RCU read-side critical section, but none is held here [rcuctx-lock-held]}}
}
void setup_reassigned(void)
{
	INIT_WORK(&w1, reassigned_work);
}

// A store to the parameter after its test forgets the test.
static void test_then_store(struct neigh *n, struct skb *skb)
{
	if (!skb) {
		skb = gskb;
		__event_send(n, skb);
	}
}
static void test_then_store_work(struct work_struct *w)
{
	test_then_store(&gn, NULL); // expected-warning {{'test_then_store' requires an RCU read-side critical section, but none is held here [rcuctx-lock-held]}}
}
void setup_test_then_store(void)
{
	INIT_WORK(&w2, test_then_store_work);
}
