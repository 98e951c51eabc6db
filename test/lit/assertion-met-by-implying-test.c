// RUN: %verify %s
// A test that is true only where IRQs are off (`in_hardirq()`: a hard IRQ
// handler runs with them off) meets an assertion that they are off in the
// branch it guards: 6.12's block/bio.c bio_put_percpu_cache() asserts
// `lockdep_assert_irqs_disabled()` only `else if (in_hardirq())`, and
// bio_dirty_fn(), a work item, reaches it through bio_put() (C18 in
// kernel/TRIAGE-subset-6.12.md: "'bio_put' requires an IRQs-disabled
// region"). The rules say which tests imply what (`op: implies`). Not a
// negated test, nor one in `||`, nor the other branch.
#include <linux/spinlock.h>
#include <linux/lockdep.h>
#include <linux/workqueue.h>

#define in_hardirq() (hardirq_count() != 0)
#define in_task() (hardirq_count() == 0)
extern int hardirq_count(void);
extern int opaque(void);

struct cache { int nr, nr_irq; struct work_struct work; };

static void put_cached(struct cache *c)
{
	if (in_task()) {
		c->nr++;
	} else if (in_hardirq()) {
		lockdep_assert_irqs_disabled();
		c->nr_irq++;
	}
}

static void put_cached_and(struct cache *c)
{
	if (in_hardirq() && opaque()) {
		lockdep_assert_irqs_disabled();
		c->nr_irq++;
	}
}

static void put_cached_not(struct cache *c)
{
	if (!in_hardirq()) {
		lockdep_assert_irqs_disabled();
		c->nr_irq++;
	}
}

static void put_cached_or(struct cache *c)
{
	if (in_hardirq() || opaque()) {
		lockdep_assert_irqs_disabled();
		c->nr_irq++;
	}
}

static void put_cached_else(struct cache *c)
{
	if (in_hardirq())
		c->nr++;
	else
		lockdep_assert_irqs_disabled();
}

/* Each from a work item of its own: process context, IRQs on. */
#define WORK_FN(name, helper)                                           \
	static void name(struct work_struct *w)                         \
	{                                                               \
		helper(container_of(w, struct cache, work));            \
	}
WORK_FN(dirty_fn, put_cached)
WORK_FN(dirty_fn_and, put_cached_and)
WORK_FN(dirty_fn_not, put_cached_not) // expected-warning {{'put_cached_not' requires an IRQs-disabled region, but none is held here}}
WORK_FN(dirty_fn_or, put_cached_or) // expected-warning {{'put_cached_or' requires an IRQs-disabled region, but none is held here}}
WORK_FN(dirty_fn_else, put_cached_else) // expected-warning {{'put_cached_else' requires an IRQs-disabled region, but none is held here}}

void cache_init(struct cache *c)
{
	INIT_WORK(&c->work, dirty_fn);
	INIT_WORK(&c->work, dirty_fn_and);
	INIT_WORK(&c->work, dirty_fn_not);
	INIT_WORK(&c->work, dirty_fn_or);
	INIT_WORK(&c->work, dirty_fn_else);
}
