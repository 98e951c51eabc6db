// Pathological input (bench/pathological.py): names the bundled rules know,
// used with fewer arguments than the rules' indexes name (arg: 0, gfp_arg: 1,
// cond_arg: 1, cond_arg: 3). No kernel header is included: these are the
// program's own declarations and macros, unprototyped (C17) or of another
// arity. The checker must not read past a call's or a macro's arguments; it
// cannot name a lock or a GFP value here, so no finding is expected.
// RUN: %verify -Wno-deprecated-non-prototype %s
// RUN: %verify -Wno-deprecated-non-prototype %debug_config %s
// expected-no-diagnostics
void spin_lock();
void spin_unlock();
void *kmalloc();
void *kcalloc();
void msleep();
void rcu_read_lock(void);
void rcu_read_unlock(void);

#define rcu_dereference_check(p) (p)
#define rcu_dereference_protected(p) (p)
#define list_for_each_entry_rcu(pos, head) for (pos = (head); pos; pos = 0)
#define lockdep_assert_held() do { } while (0)
#define WARN_ON() 0
#define srcu_dereference(p) (p)

struct node { int v; struct node *next; };
struct node *head;

int few_args(void)
{
	struct node *n;
	int r = 0;

	spin_lock();                 /* arg 0 missing */
	r += kmalloc(8) != 0;        /* gfp_arg 1 missing */
	r += kcalloc() != 0;         /* gfp_arg 2 missing */
	spin_unlock();
	lockdep_assert_held();       /* arg 0 missing */
	r += WARN_ON();              /* cond_arg 0 missing */
	rcu_read_lock();
	r += rcu_dereference_check(head)->v;     /* cond_arg 1 missing */
	list_for_each_entry_rcu(n, head)          /* cond_arg 3 missing */
		r += n->v;
	r += srcu_dereference(head)->v;          /* arg 1 and cond_arg 2 missing */
	rcu_read_unlock();
	r += rcu_dereference_protected(head)->v; /* cond_arg 1 missing */
	return r;
}
