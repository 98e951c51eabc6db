// RUN: %verify %s
// folio_lruvec_lock() and its _irq/_irqsave forms return the folio's lruvec
// with its lru_lock held (rules/15-mm.yaml): with CONFIG_MEMCG (Debian's
// configuration) they are defined in mm/memcontrol.c, so mm/huge_memory.c's
// __split_huge_page() sees no body, and lockdep_assert_held(&lruvec->lru_lock)
// in the helper it calls next was a requirement no caller met, up to the
// entry point. Without the rule both work-item paths below were reported.
// expected-no-diagnostics
#include <linux/spinlock.h>
#include <linux/lockdep.h>
#include <linux/workqueue.h>

struct folio { int flags; };
struct lruvec { spinlock_t lru_lock; int nr; };

/* mm/memcontrol.c with CONFIG_MEMCG: the body is in another file. */
struct lruvec *folio_lruvec_lock(struct folio *folio);
struct lruvec *folio_lruvec_lock_irq(struct folio *folio);

static inline void unlock_page_lruvec_irq(struct lruvec *lruvec)
{
	spin_unlock_irq(&lruvec->lru_lock);
}

static void add_tail(struct lruvec *lruvec)
{
	lockdep_assert_held(&lruvec->lru_lock);
	lruvec->nr++;
}

static void split(struct folio *folio)
{
	struct lruvec *lruvec = folio_lruvec_lock(folio);

	add_tail(lruvec);
	spin_unlock(&lruvec->lru_lock);
}

static void drain(struct folio *folio)
{
	struct lruvec *lruvec = folio_lruvec_lock_irq(folio);

	add_tail(lruvec);
	unlock_page_lruvec_irq(lruvec);
}

static void work_fn(struct work_struct *w)
{
	struct folio f;

	split(&f);
	drain(&f);
}

void setup(struct work_struct *w)
{
	INIT_WORK(w, work_fn);
}
