// Pathological input (bench/pathological.py): setjmp() returns twice and
// longjmp() never returns. Each path releases what it took before it
// leaves: no finding is expected.
// RUN: %verify -Wno-macro-redefined %s
// RUN: %verify -Wno-macro-redefined %debug_config %s
// expected-no-diagnostics
#include <setjmp.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

struct st { spinlock_t lock; int x; };
struct cfg { int v; };
struct cfg __rcu *gcfg;
static jmp_buf env;

static void fail(int code)
{
	longjmp(env, code);
}

static int parse(struct st *s, int v)
{
	if (v < 0)
		fail(1); /* never returns: the section is left by the caller's setjmp path */
	return v + s->x;
}

int run(struct st *s, int v)
{
	int r;

	rcu_read_lock();
	if (setjmp(env)) {
		rcu_read_unlock();
		return -1;
	}
	r = parse(s, rcu_dereference(gcfg)->v + v);
	rcu_read_unlock();
	msleep(1);
	return r;
}

int locked(struct st *s)
{
	jmp_buf here;
	int r;

	if (setjmp(here))
		return -1; /* longjmp'ed to before the lock was taken */
	spin_lock(&s->lock);
	r = s->x;
	spin_unlock(&s->lock);
	if (r < 0)
		longjmp(here, 1);
	return r;
}
