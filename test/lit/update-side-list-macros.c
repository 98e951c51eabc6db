// The _rcu list macros that also serve the update side (hlist_first_rcu()
// inside hlist_add_head_rcu(), under the writers' mutex) are not read-side
// accessors: using them with the update lock held is not a finding.
// RUN: %verify %s
#include <linux/rculist.h>
#include <linux/mutex.h>
#include <linux/sched.h>

// expected-no-diagnostics

struct hlist_node { struct hlist_node __rcu *next; };
struct hlist_head { struct hlist_node __rcu *first; };
#define hlist_first_rcu(head) (*((struct hlist_node __rcu **)(&(head)->first)))

static inline void hlist_add_head_rcu(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = READ_ONCE(hlist_first_rcu(h));

	n->next = first;
	rcu_assign_pointer(hlist_first_rcu(h), n);
}

struct notifiers { struct mutex lock; struct hlist_head list; };

void register_notifier(struct notifiers *ns, struct hlist_node *n)
{
	mutex_lock(&ns->lock);
	hlist_add_head_rcu(n, &ns->list);
	mutex_unlock(&ns->lock);
	synchronize_rcu();
}
