// RUN: %verify %s
// A one-line predicate on one bit of a parameter (`gfpflags_allow_blocking(
// gfp)`, `return !!(gfp & __GFP_DIRECT_RECLAIM);`) is that bit's mode, also
// as one operand of `&&`: 6.12's lib/rhashtable.c allocates a nested bucket
// table (which reads the table with rcu_dereference()) only for a gfp that
// cannot block, and rht_deferred_worker() passes GFP_KERNEL (5 false
// alarms in the whole-kernel run). The GFP_ATOMIC caller still needs RCU.
#include <linux/rcupdate.h>
#include <linux/gfp.h>
#include <linux/slab.h>

struct tbl { int n; };
struct ht { struct tbl __rcu *tbl; };

static struct tbl *nested_alloc(struct ht *ht)
{
	struct tbl *t = rcu_dereference(ht->tbl);
	return t;
}

static struct tbl *table_alloc(struct ht *ht, gfp_t gfp)
{
	struct tbl *t = kzalloc(sizeof(*t), gfp);

	if (t == NULL && !gfpflags_allow_blocking(gfp))
		t = nested_alloc(ht);
	return t;
}

struct tbl *rehash_alloc(struct ht *ht)
{
	return table_alloc(ht, GFP_KERNEL);
}

struct tbl *rehash_alloc_atomic(struct ht *ht)
{
	return table_alloc(ht, GFP_ATOMIC);
}
#include <linux/workqueue.h>
struct ctx { struct ht ht; struct work_struct work; int atomic; };
static void deferred_worker(struct work_struct *work)
{
	struct ctx *c = container_of(work, struct ctx, work);
	rehash_alloc(&c->ht);
}
static void deferred_worker_atomic(struct work_struct *work)
{
	struct ctx *c = container_of(work, struct ctx, work);
	rehash_alloc_atomic(&c->ht); // expected-warning {{'rehash_alloc_atomic' needs an RCU read-side critical section, but none is held here}}
}
void setup(struct ctx *c)
{
	INIT_WORK(&c->work, deferred_worker);
	INIT_WORK(&c->work, deferred_worker_atomic);
}
