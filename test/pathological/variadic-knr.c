// Pathological input (bench/pathological.py): variadic functions, K&R
// (identifier-list) definitions, and calls through unprototyped
// declarations, including ones with fewer arguments than a rule's argument
// index names. All compile as C17 (with warnings); nothing here is a bug
// the checker can prove: no finding is expected, and no crash.
// RUN: %verify -Wno-deprecated-non-prototype %s
// RUN: %verify -Wno-deprecated-non-prototype %debug_config %s
// expected-no-diagnostics
#include <stdarg.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

struct st { spinlock_t lock; int x; };
struct cfg { int v; };
struct cfg __rcu *gcfg;

/* Variadic, taking and dropping a lock per argument. */
int sum_locked(struct st *s, int n, ...)
{
	va_list ap;
	int i, r = 0;

	va_start(ap, n);
	for (i = 0; i < n; i++) {
		spin_lock(&s->lock);
		r += va_arg(ap, int) + s->x;
		spin_unlock(&s->lock);
	}
	va_end(ap);
	return r;
}

/* A variadic callee that needs RCU, called under it. */
static int read_cfg(const char *fmt, ...)
{
	return rcu_dereference(gcfg)->v + (fmt != 0);
}

int uses_variadic(struct st *s)
{
	int r;

	rcu_read_lock();
	r = read_cfg("%d %d", 1, 2);
	rcu_read_unlock();
	return r + sum_locked(s, 3, 1, 2, 3);
}

/* K&R definitions. */
int knr_add(a, b)
	int a;
	char *b;
{
	return a + (b != 0);
}

int knr_locked(s, v)
	struct st *s;
	int v;
{
	spin_lock(&s->lock);
	s->x += v;
	spin_unlock(&s->lock);
	return knr_add(v, 0);
}

/* Unprototyped declarations: the call may pass any number of arguments. */
int helper();
void *my_alloc();

int unprototyped(struct st *s)
{
	int r = helper();          /* no arguments */
	r += helper(s, 1, 2, 3);   /* four */
	spin_lock(&s->lock);
	my_alloc();                /* unknown, no rule: never a finding */
	spin_unlock(&s->lock);
	return r;
}

/* Rule-named functions, called through an old-style block-scope declaration
 * with too few arguments (a bad call, but it compiles): the checker must not
 * read past the call's arguments. Kept in its own file-scope-free function so
 * the header prototypes do not apply. */
int few_args(void)
{
	int (*vp)() = (int (*)())kmalloc;
	return vp() != 0;          /* through a pointer: unknown */
}
