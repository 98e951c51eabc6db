// RUN: %verify %s
// A rule macro written in a file that a function body #includes (KVM's
// kvm_ops_update() includes asm/kvm-x86-ops.h inside its body) is the
// body's own: its accessor needs the section like one written in place.
// (The plugin skips the owner lookups of a body where no rule macro is
// written, and the include counts as written at its #include.)
#include <linux/rcupdate.h>

struct foo { int x; };
struct foo __rcu *gp;

// rcuctx-entry: process
int outside_section(void)
{
	int s = 0;
#include "Inputs/included-in-body/ops-fragment.h"
	return s;
}
// expected-warning@Inputs/included-in-body/ops-fragment.h:3 {{rcu_dereference() needs an RCU read-side critical section, but none is held here}}

// rcuctx-entry: process
int inside_section(void)
{
	int s = 0;
	rcu_read_lock();
#include "Inputs/included-in-body/ops-fragment.h"
	rcu_read_unlock();
	return s;
}
