// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #8: KernelSU patches the live SELinux policy from inside an
 * RCU read-side section, but adding a rule inserts into a policydb hash
 * table, which allocates with GFP_KERNEL and calls cond_resched().
 *
 * Distilled from KernelSU issue #2637 "cond_resched() is called from an
 * invalid context due to RCU read lock in apply_kernelsu_rules()" and its fix,
 * pull request #2646 "kernel: selinux: rules: Fix illegal RCU lock usage in
 * apply_kernelsu_rules()": with CONFIG_DEBUG_ATOMIC_SLEEP, boot logged "BUG:
 * sleeping function called from invalid context at
 * security/selinux/ss/hashtab.c:47".
 */
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>

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
static struct mutex ksu_rules;

u32 ksu_hash(const void *key, u32 size);

/* The SELinux side: security/selinux/ss/hashtab.c. */
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

/* KernelSU's "allow src tgt:cls perm" rule, added to the access vector table. */
static bool ksu_allow(struct policydb *db, const char *src, const char *tgt,
		      const char *cls, const char *perm)
{
	return hashtab_insert(&db->te_avtab, src, (void *)perm) == 0;
}

static struct policydb *get_policydb(void)
{
	return &rcu_dereference(selinux_state.policy)->policydb;
}

void apply_kernelsu_rules(void)
{
	struct policydb *db;

	mutex_lock(&ksu_rules);
	rcu_read_lock();
	db = get_policydb();

	ksu_allow(db, "domain", "ksu_file", "file", "read"); // expected-warning {{'ksu_allow' may sleep, but an RCU read-side critical section is held here}}

	rcu_read_unlock();
	mutex_unlock(&ksu_rules);
}
