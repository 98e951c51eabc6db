// RUN: %verify %s
// A lookup that returns the list cursor it found with the lock held, or
// ERR_PTR() after dropping it: the cursor comes from container_of() (the
// list iterator's step), which is never NULL nor an error pointer, so the
// two returns are told apart by the value. 6.12's key_type_lookup()
// (security/keys/key.c: "We return with the sem read-locked if
// successful"): a whole-kernel "returns with 'key_types_sem' held on this
// path but not on others", false. Returning the cursor unlocked when
// nothing was found (the cursor then points at the head's container: a
// valid-looking pointer too) is still reported.
#include <linux/mutex.h>
#include <linux/compiler.h>

struct list_head { struct list_head *next, *prev; };
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_for_each_entry(pos, head, member)					\
	for (pos = list_entry((head)->next, typeof(*pos), member);		\
	     &pos->member != (head);						\
	     pos = list_entry(pos->member.next, typeof(*pos), member))
static inline void *ERR_PTR(long error) { return (void *)error; }
int strcmp(const char *a, const char *b);

struct key_type { const char *name; struct list_head link; };
static struct rw_semaphore key_types_sem;
static struct list_head key_types_list;

struct key_type *key_type_lookup(const char *type)
{
	struct key_type *ktype;

	down_read(&key_types_sem);
	list_for_each_entry(ktype, &key_types_list, link) {
		if (strcmp(ktype->name, type) == 0)
			goto found_kernel_type;
	}
	up_read(&key_types_sem);
	ktype = ERR_PTR(-126);
found_kernel_type:
	return ktype;
}

struct key_type *key_type_lookup_forgets_err(const char *type)
{
	struct key_type *ktype;

	down_read(&key_types_sem);
	list_for_each_entry(ktype, &key_types_list, link) {
		if (strcmp(ktype->name, type) == 0)
			goto found; // expected-warning {{returns with 'key_types_sem' held on this path but not on others}}
	}
	up_read(&key_types_sem);
found:
	return ktype; /* the held edge (the goto) is reported */
}

/* The list member first (offset 0): the cursor still comes from a list
 * link, never NULL. */
struct first_type { struct list_head link; const char *name; };
static struct list_head first_list;

struct first_type *first_lookup(const char *type)
{
	struct first_type *t;

	down_read(&key_types_sem);
	list_for_each_entry(t, &first_list, link) {
		if (strcmp(t->name, type) == 0)
			goto found;
	}
	up_read(&key_types_sem);
	t = ERR_PTR(-126);
found:
	return t;
}

/* container_of() of a member at offset 0 of a pointer that may be NULL is
 * NULL then: its NULL test is a real branch. */
struct kobj { int ref; };
struct dev { struct kobj kobj; int x; };
struct kobj *kobj_lookup(int id);

int touch(int id)
{
	struct dev *d;

	down_read(&key_types_sem);
	d = container_of(kobj_lookup(id), struct dev, kobj);
	if (!d)
		return -2; // expected-warning {{returns with 'key_types_sem' held on this path but not on others}}
	d->x++;
	up_read(&key_types_sem);
	return 0;
}
