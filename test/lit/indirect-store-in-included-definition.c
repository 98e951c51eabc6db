// RUN: %verify %s
// The slot scan skips the bodies of header functions nothing in the TU
// references (they never run here), but not a function the TU emits for
// others wherever it is written: register_slow() comes from an included
// implementation file (as kernel/sched/build_policy.c includes rt.c) and is
// called from other files; the function it stores is the slot's target.
#include <linux/spinlock.h>
#include <linux/mutex.h>

struct ops { void (*run)(void); };
static struct ops the_ops;
struct mutex ops_lock;
spinlock_t run_lock;

#include "Inputs/slot-store-definition.inc"

void go(void)
{
	spin_lock(&run_lock);
	the_ops.run(); // expected-warning {{'slow_run' (through 'the_ops.run', the function stored in 'struct ops::run') may sleep, but spinning lock 'run_lock' is held here [rcuctx-sleep-in-atomic]}}
	spin_unlock(&run_lock);
}
