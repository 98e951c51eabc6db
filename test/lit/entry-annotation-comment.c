// `// rcuctx-entry: CONTEXT` states the context a function is entered in,
// where the analysis cannot see its callers: its needs that the context
// meets stop travelling to callers, and what the context forbids is checked.
// RUN: %verify %s
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>

struct foo { int x; };
struct foo __rcu *gp;

// rcuctx-entry: rcu-reader
static int reader_cb(void)
{
	return rcu_dereference(gp)->x;
}

static int sleepy_reader(void)
{
	// rcuctx-entry: rcu-reader
	kfree(kmalloc(8, GFP_KERNEL)); // expected-warning {{'kmalloc' may sleep, but it is reached from 'sleepy_reader', which runs in rcu-reader context}}
	return 0;
}

int caller(void)
{
	msleep(1);
	/* reader_cb's need was stated met: not a finding through this caller */
	return reader_cb() + sleepy_reader();
}

// rcuctx-entry: sofirq
static void typo(void) // expected-warning@-1 {{unknown entry context 'sofirq' (known: atomic, hardirq, process, rcu-reader, scheduler, scheduler-out, softirq) [rcuctx-annotation]}}
{
}
