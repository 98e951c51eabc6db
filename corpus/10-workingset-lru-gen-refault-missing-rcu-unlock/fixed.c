// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #10, fixed: as in "workingset: add missing rcu_read_unlock()
 * in lru_gen_refault()", the node check leaves through the unlock label.
 */
#include <linux/rcupdate.h>

// expected-no-diagnostics

struct pglist_data;
struct mem_cgroup;
struct lruvec { int refaults[2]; };
struct folio { struct pglist_data *pgdat; int nr_pages; bool file; };

struct mem_cgroup *mem_cgroup_from_id(unsigned short id);
struct lruvec *mem_cgroup_lruvec(struct mem_cgroup *memcg, struct pglist_data *pgdat);
void unpack_shadow(void *shadow, int *memcg_id, struct pglist_data **pgdat,
		   unsigned long *token, bool *workingset);
bool lru_gen_token_recent(struct lruvec *lruvec, unsigned long token);
void folio_set_active_tier(struct folio *folio, bool workingset);

static bool lru_gen_test_recent(void *shadow, struct lruvec **lruvec,
				struct pglist_data **pgdat, unsigned long *token,
				bool *workingset)
{
	int memcg_id;
	struct mem_cgroup *memcg;

	unpack_shadow(shadow, &memcg_id, pgdat, token, workingset);
	memcg = mem_cgroup_from_id(memcg_id);
	*lruvec = mem_cgroup_lruvec(memcg, *pgdat);
	return lru_gen_token_recent(*lruvec, *token);
}

void lru_gen_refault(struct folio *folio, void *shadow)
{
	bool recent, workingset;
	unsigned long token;
	struct lruvec *lruvec;
	struct pglist_data *pgdat;
	int type = folio->file;

	rcu_read_lock();

	recent = lru_gen_test_recent(shadow, &lruvec, &pgdat, &token, &workingset);
	if (pgdat != folio->pgdat)
		goto unlock;

	lruvec->refaults[type] += folio->nr_pages;

	if (!recent)
		goto unlock;

	folio_set_active_tier(folio, workingset);
unlock:
	rcu_read_unlock();
}
