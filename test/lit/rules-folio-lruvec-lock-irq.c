// RUN: %verify %s
// folio_lruvec_lock_irq() disables IRQs before it takes the lruvec's
// lru_lock (rules/15-mm.yaml: an `enter irq` applied at the call, besides
// the contract's acquisition). Dropping only the lock leaves IRQs off: a
// sleep there is one with interrupts disabled.
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/preempt.h>

struct folio { int flags; };
struct lruvec { spinlock_t lru_lock; int nr; };
struct mutex stats_lock;

struct lruvec *folio_lruvec_lock_irq(struct folio *folio);

void count(struct folio *folio)
{
	struct lruvec *lruvec = folio_lruvec_lock_irq(folio);

	lruvec->nr++;
	spin_unlock(&lruvec->lru_lock);
	mutex_lock(&stats_lock); // expected-warning {{'mutex_lock' may sleep, but an IRQs-disabled region is held here [rcuctx-sleep-in-atomic]}}
	mutex_unlock(&stats_lock);
	local_irq_enable();
}
