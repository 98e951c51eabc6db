// RUN: %verify %s -DCONFIG_LOCKDEP
// A helper that only returns an object's flag test is that test:
// folio_memcg_kmem(folio) is `folio->memcg_data & MEMCG_DATA_KMEM`, and
// folio_memcg() needs RCU only for a kmem folio (its obj_cgroup_memcg()
// asserts it). A caller that found the bit clear through the helper needs
// nothing; one that did not test it still needs RCU (as any requirement
// under an object's state it cannot see: the entry point is reported).
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

enum memcg_data_flags {
	MEMCG_DATA_OBJEXTS = (1UL << 0),
	MEMCG_DATA_KMEM = (1UL << 1),
};
struct mem_cgroup { int id; };
struct obj_cgroup { struct mem_cgroup *memcg; };
struct folio { unsigned long memcg_data; };
extern struct mutex cgroup_mutex;

static inline struct mem_cgroup *obj_cgroup_memcg(struct obj_cgroup *objcg)
{
	lockdep_assert_once(rcu_read_lock_held() || lockdep_is_held(&cgroup_mutex));
	return READ_ONCE(objcg->memcg);
}

static inline bool folio_memcg_kmem(struct folio *folio)
{
	(void)sizeof((long)(folio->memcg_data & MEMCG_DATA_OBJEXTS)); /* VM_BUG_ON */
	return folio->memcg_data & MEMCG_DATA_KMEM;
}

static inline struct mem_cgroup *folio_memcg(struct folio *folio)
{
	if (folio_memcg_kmem(folio))
		return obj_cgroup_memcg((struct obj_cgroup *)(folio->memcg_data & ~3UL));
	return (struct mem_cgroup *)(folio->memcg_data & ~3UL);
}

static int lru_id(struct folio *folio)
{
	if (folio_memcg_kmem(folio))
		return -1;
	return folio_memcg(folio)->id;
}

static int any_id(struct folio *folio)
{
	return folio_memcg(folio)->id;
}

static void tested(struct work_struct *w)
{
	struct folio f = { 0 };

	lru_id(&f);
}

static void untested(struct work_struct *w)
{
	struct folio f = { 0 };

	any_id(&f); // expected-warning {{'any_id' requires an RCU read-side critical section, but none is held here [rcuctx-lock-held]}}
}

void setup(struct work_struct *a, struct work_struct *b)
{
	INIT_WORK(a, tested);
	INIT_WORK(b, untested);
}
