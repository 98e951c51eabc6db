// RUN: %verify %s
// RUN: %verify -DCONFIG_PROVE_RCU -DCONFIG_PROVE_LOCKING -DCONFIG_LOCKDEP %s
// An RCU list walked where the lock every update of it in this file holds
// is held needs no RCU: nothing changes it there (the traversal is on the
// update side). The updaters' lock is read from the updates (op
// list-update), through the functions that call them, over what the file
// does not only call directly. 6.12's arch/x86/pci/mmconfig-shared.c
// pci_mmconfig_delete() walks pci_mmcfg_list with list_for_each_entry_rcu()
// under pci_mmcfg_lock and no lockdep condition (only PROVE_RCU_LIST asks
// for one); security/device_cgroup.c match_exception() walks the exception
// list under devcgroup_mutex, which its callers hold.
#include <linux/mutex.h>
#include <linux/rculist.h>

struct region { struct list_head list; int seg; };
struct entry { struct list_head node; int key; };
struct other { struct list_head link; int key; };

static struct mutex region_lock;
static struct mutex entry_lock;
static struct mutex other_lock;
static struct list_head regions, entries, others;
extern void free_region(struct region *r);

/* Every update of `regions` holds region_lock: one in a helper its caller
   calls with the lock held, one under it here. */
static void add_sorted(struct region *r)
{
	list_add_tail_rcu(&r->list, &regions);
}

int region_add(struct region *r)
{
	mutex_lock(&region_lock);
	add_sorted(r);
	mutex_unlock(&region_lock);
	return 0;
}

int region_delete(int seg)
{
	struct region *r;

	mutex_lock(&region_lock);
	list_for_each_entry_rcu(r, &regions, list)
		if (r->seg == seg) {
			list_del_rcu(&r->list);
			mutex_unlock(&region_lock);
			free_region(r);
			return 0;
		}
	mutex_unlock(&region_lock);
	return -1;
}

/* After the updaters' lock is dropped it is a reader, and needs RCU. (With
   neither held here, the walk asks its callers for RCU or region_lock, as
   it would with the lockdep condition written.) */
int region_count(void)
{
	struct region *r;
	int n = 0;

	mutex_lock(&region_lock);
	n = -1;
	mutex_unlock(&region_lock);
	list_for_each_entry_rcu(r, &regions, list) // expected-warning {{list_for_each_entry_rcu() needs an RCU read-side critical section, but none is held here}}
		n++;
	return n;
}

/* A walker called with the lock held, from a function that holds it. */
static int match(int key)
{
	struct entry *e;

	list_for_each_entry_rcu(e, &entries, node)
		if (e->key == key)
			return 1;
	return 0;
}

static void entry_add(struct entry *e)
{
	list_add_rcu(&e->node, &entries);
}

int entry_write(struct entry *e, int key)
{
	int found;

	mutex_lock(&entry_lock);
	found = match(key);
	if (!found)
		entry_add(e);
	mutex_unlock(&entry_lock);
	return found;
}

/* One update without other_lock: it is no updaters' lock, and the walk
   under it is a reader without RCU. */
int other_add_unlocked(struct other *o)
{
	list_add_rcu(&o->link, &others);
	return 0;
}

int other_add(struct other *o)
{
	mutex_lock(&other_lock);
	list_add_rcu(&o->link, &others);
	mutex_unlock(&other_lock);
	return 0;
}

int other_find(int key)
{
	struct other *o;
	int found = 0;

	mutex_lock(&other_lock);
	list_for_each_entry_rcu(o, &others, link) // expected-warning {{list_for_each_entry_rcu() needs an RCU read-side critical section, but none is held here}}
		found |= o->key == key;
	mutex_unlock(&other_lock);
	return found;
}
