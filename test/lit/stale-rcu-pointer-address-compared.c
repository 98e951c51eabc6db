// RUN: %verify %s
// Comparing the address of a place in a stale object (`&p->f`, `&p->a.b`,
// `&p->arr[i]`) computes it and loads nothing: not a dereference
// (net/core/gro.c's napi_gro_complete(): `WARN_ON(&ptype->list == head)`
// after rcu_read_unlock(), whole-kernel triage C20). Taking it for anything
// else still counts: loading through it, or handing it to a function, which
// may load through it even without a body to say so (atomic_inc(&p->n)).
#include <linux/rcupdate.h>
#include <linux/rculist.h>

struct inner { int v; };
struct packet_offload { struct list_head list; struct inner in; int arr[4]; int x; };
struct packet_offload __rcu *gp;
int read_inner(struct inner *i) { return i->v; }

int compares(struct list_head *head)
{
	struct packet_offload *ptype;

	rcu_read_lock();
	ptype = rcu_dereference(gp);
	rcu_read_unlock();
	if (&ptype->list == head)
		return 1;
	if (&ptype->in.v == (int *)head || &ptype->arr[2] == (int *)head)
		return 2;
	return 0;
}

int loads(void)
{
	struct packet_offload *ptype;

	rcu_read_lock();
	ptype = rcu_dereference(gp);
	rcu_read_unlock();
	return ptype->x; // expected-warning {{'ptype' is dereferenced after the RCU read-side critical section it was read in ended}}
}

int loads_through_address(void)
{
	struct packet_offload *ptype;
	int *p;

	rcu_read_lock();
	ptype = rcu_dereference(gp);
	rcu_read_unlock();
	p = &ptype->arr[1]; // expected-warning {{'ptype' is dereferenced after the RCU read-side critical section it was read in ended}}
	return *p;
}

int passes_address(void)
{
	struct packet_offload *ptype;

	rcu_read_lock();
	ptype = rcu_dereference(gp);
	rcu_read_unlock();
	return read_inner(&ptype->in); // expected-warning {{is passed to 'read_inner', which dereferences it, after the RCU read-side critical section it was read in ended}} expected-warning {{'ptype' is dereferenced after the RCU read-side critical section it was read in ended}}
}

void atomic_dec_opaque(int *v);
void passes_to_bodiless(void)
{
	struct packet_offload *ptype;

	rcu_read_lock();
	ptype = rcu_dereference(gp);
	rcu_read_unlock();
	atomic_dec_opaque(&ptype->x); // expected-warning {{'ptype' is dereferenced after the RCU read-side critical section it was read in ended}}
}
