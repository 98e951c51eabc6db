/* lookup.c: a lookup that returns NULL or an object from its list, never
 * an ERR_PTR() (its summary's return_classes). */
#include <linux/compiler.h>

struct list_head { struct list_head *next, *prev; };
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_for_each_entry(pos, head, member)					\
	for (pos = list_entry((head)->next, typeof(*pos), member);		\
	     &pos->member != (head);						\
	     pos = list_entry(pos->member.next, typeof(*pos), member))

struct undo { int semid; struct list_head list; };
struct undo_list { struct list_head list; };

struct undo *lookup_undo(struct undo_list *ulp, int semid)
{
	struct undo *un;

	list_for_each_entry(un, &ulp->list, list) {
		if (un->semid == semid)
			return un;
	}
	return NULL;
}
