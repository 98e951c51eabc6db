// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #8, fixed: no RCU section around the policy edits. The
 * policy is pinned by SELinux's own policy_mutex (the writer-side lock) and
 * read with rcu_dereference_protected(), the shape KernelSU settled on after
 * #2646 (pull requests #3247 and #3746).
 */
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>

// expected-no-diagnostics

struct hashtab_node { const void *key; void *datum; struct hashtab_node *next; };
struct hashtab { struct hashtab_node **htable; u32 size; u32 nel; };
struct policydb { struct hashtab te_avtab; };
struct selinux_policy { struct policydb policydb; };

struct selinux_state {
	struct mutex policy_mutex;
	struct selinux_policy __rcu *policy;
};

extern struct selinux_state selinux_state;
extern struct kmem_cache *hashtab_node_cachep;

u32 ksu_hash(const void *key, u32 size);

static int hashtab_insert(struct hashtab *h, const void *key, void *datum)
{
	struct hashtab_node *newnode;
	u32 hvalue;

	cond_resched();

	hvalue = ksu_hash(key, h->size);
	newnode = kmem_cache_zalloc(hashtab_node_cachep, GFP_KERNEL);
	if (!newnode)
		return -ENOMEM;
	newnode->key = key;
	newnode->datum = datum;
	newnode->next = h->htable[hvalue];
	h->htable[hvalue] = newnode;
	h->nel++;
	return 0;
}

static bool ksu_allow(struct policydb *db, const char *src, const char *tgt,
		      const char *cls, const char *perm)
{
	return hashtab_insert(&db->te_avtab, src, (void *)perm) == 0;
}

static struct policydb *get_policydb(void)
{
	struct selinux_policy *policy;

	policy = rcu_dereference_protected(selinux_state.policy,
					   lockdep_is_held(&selinux_state.policy_mutex));
	return &policy->policydb;
}

void apply_kernelsu_rules(void)
{
	struct policydb *db;

	mutex_lock(&selinux_state.policy_mutex);
	db = get_policydb();

	ksu_allow(db, "domain", "ksu_file", "file", "read");

	mutex_unlock(&selinux_state.policy_mutex);
}
