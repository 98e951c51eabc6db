// Found by bench/pathological.py (issue #6), reduced: a spinning lock that
// is a function parameter is described by its internal key. The finding
// itself is right, but the message says "preemption is disabled" instead of
// naming the lock (a field lock gets "spinning lock 'struct s::lock' is
// held"), and the note prints the internal parameter key "'$0' acquired here"
// (FactExtractor::lockClass() names a parameter lock "$<index>"; see
// isParamRef() in lattice/ContextKey.h). Expected: "spinning lock 'l' is held
// here" and "'l' acquired here". XFAIL until the renderer maps $N back to the
// parameter's name.
// RUN: %check %s 2>&1 | FileCheck %s
// XFAIL: *
#include <linux/spinlock.h>
#include <linux/sched.h>

void param_lock(spinlock_t *l)
{
	spin_lock(l);
	msleep(1);
	spin_unlock(l);
}
// CHECK: param-lock-note.c:18:2: warning: 'msleep' may sleep, but spinning lock 'l' is held here [rcuctx-sleep-in-atomic]
// CHECK-NOT: '$0'
// CHECK: note: 'l' acquired here
