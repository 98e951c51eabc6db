// Calls through a slot stay unknown (no requirement, no effect, silent)
// when the analysis cannot name everything stored there: the slot's
// address escapes (`&ops->f` or a table element's `&table[i]` handed to
// other code), a value that is not a function is stored (a parameter, a
// call's result), or nothing the file sees is ever stored.
// RUN: %verify %s
// expected-no-diagnostics
#include <linux/kvm_host.h>

struct esc_ops { void (*f)(void); };
struct param_ops { void (*f)(void); };
struct empty_ops { void (*f)(void); };
typedef void (*fn_t)(void);

static void sleeper(void) { msleep(1); }
static void (*table[2])(void) = { sleeper };
static const struct esc_ops e = { .f = sleeper };
static struct param_ops p = { .f = sleeper };

void register_slot(fn_t *where);
fn_t lookup_fn(const char *name);

void setup(fn_t given, struct esc_ops *x)
{
	register_slot(&x->f); /* written by code we do not see */
	register_slot(&table[1]); /* so is this table */
	p.f = given;
	p.f = lookup_fn("x");
}

void locked_calls(spinlock_t *l, struct esc_ops *eo, struct param_ops *po, struct empty_ops *mo)
{
	spin_lock(l);
	eo->f();
	po->f();
	mo->f();
	table[0]();
	spin_unlock(l);
}
