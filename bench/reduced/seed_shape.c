// SPDX-License-Identifier: MIT
/*
 * A reduction of rcuctx's seed bug, written for this project (no kernel
 * code): a walker holds RCU, drops it to allocate, and the allocation path
 * dereferences an RCU-protected pointer.  Used by bench/compare_tools.py to
 * show what Clang's -Wthread-safety (Clang 19) and a Coccinelle pattern
 * (bench/cocci/rcu_deref_after_unlock.cocci) see, depending on how much is
 * annotated.
 *
 *   ANNOTATE=0  no annotations (Linux 6.12 as shipped): -Wthread-safety has
 *               nothing to check.
 *   ANNOTATE=1  only the RCU primitives are annotated (rcu_read_lock/unlock
 *               acquire/release a shared capability, rcu_deref() requires
 *               it).  The analysis is per function: it now complains inside
 *               every helper that dereferences without taking RCU itself
 *               (is_mirror(), here), i.e. at the callee, not at the buggy
 *               call, and says nothing about the caller.
 *   ANNOTATE=2  the chain is annotated in part: is_mirror() carries
 *               REQUIRES_RCU, alloc_for_split() does not.  The one-hop bug
 *               is reported at its line; for the seed, the complaint moves
 *               one level up, into alloc_for_split(), still not at the
 *               buggy call.
 *   ANNOTATE=3  every function on the chain that expects RCU held carries
 *               REQUIRES_RCU: now the buggy call in split_root() is reported
 *               at its line, and the helpers are quiet.
 *
 * Three bug shapes, one call deeper each:
 *   direct : rcu_deref() after rcu_read_unlock() in the same function
 *   onehop : call to a function that itself calls rcu_deref()
 *   twohop : call to a wrapper of such a function (the seed: alloc ->
 *            is_mirror -> rcu_deref)
 */
#if ANNOTATE >= 1
struct __attribute__((capability("rcu"))) rcu_cap { int unused; };
extern struct rcu_cap rcu;
#define ACQ_RCU __attribute__((acquire_shared_capability(rcu)))
#define REL_RCU __attribute__((release_shared_capability(rcu)))
#define DEREF_REQ __attribute__((requires_shared_capability(rcu)))
#else
#define ACQ_RCU
#define REL_RCU
#define DEREF_REQ
#endif
#if ANNOTATE >= 2
#define REQUIRES_RCU __attribute__((requires_shared_capability(rcu)))
#else
#define REQUIRES_RCU
#endif
#if ANNOTATE >= 3
#define REQUIRES_RCU_ALLOC REQUIRES_RCU
#else
#define REQUIRES_RCU_ALLOC
#endif

void rcu_read_lock(void) ACQ_RCU;
void rcu_read_unlock(void) REL_RCU;
/* stands for the rcu_dereference() macro: a function, so it can be annotated */
static inline void *rcu_dereference(void *const *p) DEREF_REQ { return *(void *volatile const *)p; }
void *alloc_page(void);   /* may sleep */

struct sp { int mirror; };
struct iter { struct sp *const *sptep; int level; int done; };

static int is_mirror(struct iter *it) REQUIRES_RCU
{
	return ((struct sp *)rcu_dereference((void *const *)it->sptep))->mirror;
}

static struct sp *alloc_for_split(struct iter *it) REQUIRES_RCU_ALLOC
{
	struct sp *sp = alloc_page();
	if (sp)
		sp->mirror = is_mirror(it);          /* the deref, one call down */
	return sp;
}

static int split_root_direct(struct iter *it)
{
	int m;
	rcu_read_lock();
	m = it->level;
	rcu_read_unlock();
	return m + !!rcu_dereference((void *const *)it->sptep); /* BUG direct */
}

static int split_root_onehop(struct iter *it)
{
	int m;
	rcu_read_lock();
	m = it->level;
	rcu_read_unlock();
	return m + is_mirror(it);                               /* BUG onehop */
}

static int split_root(struct iter *it)
{
	struct sp *sp = 0;
	rcu_read_lock();
	for (; !it->done; it->level--) {
		if (!sp) {
			rcu_read_unlock();
			sp = alloc_for_split(it);               /* BUG twohop (seed) */
			rcu_read_lock();
			continue;
		}
		sp = 0;
	}
	rcu_read_unlock();
	return 0;
}

int entry(struct iter *it)
{
	return split_root(it) + split_root_direct(it) + split_root_onehop(it);
}
