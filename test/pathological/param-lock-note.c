// Found by bench/pathological.py (issue #6), reduced: a spinning lock that
// is a function parameter is keyed "$0" inside the analysis
// (FactExtractor::lockClass()); the message must name the lock by the
// parameter's name ("spinning lock 'l' is held"), not fall back to
// "preemption is disabled", and no note may show the internal key.
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/spinlock.h>
#include <linux/sched.h>

void param_lock(spinlock_t *l)
{
	spin_lock(l);
	msleep(1);
	spin_unlock(l);
}
// CHECK: param-lock-note.c:[[#]]:2: warning: 'msleep' may sleep, but spinning lock 'l' is held here [rcuctx-sleep-in-atomic]
// CHECK-NOT: '$0'
// CHECK: note: 'l' acquired here
