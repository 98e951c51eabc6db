// SPDX-License-Identifier: MIT
/* Out-of-line parts of linux/rcupdate.h and linux/bug.h. */
#include <linux/rcupdate.h>
#include <linux/bug.h>

#include <stdio.h>
#include <stdlib.h>

__thread int mmuref_rcu_registered;
char mmuref_rcu_gp_token;

static unsigned long warn_count;

void mmuref_rcu_trampoline(struct __urcu_rcu_head *urcu)
{
	struct rcu_head *head = container_of(urcu, struct rcu_head, urcu);

	/* A grace period separates every earlier reader from this call. */
	mmuref_rcu_tsan_acquire();
	head->func(head);
}

void mmuref_rcu_not_registered(void)
{
	fprintf(stderr, "mmu-ref: rcu_read_lock() on a thread that did not "
		"call rcu_register_thread()\n");
	abort();
}

void mmuref_rcu_deref_outside_reader(const char *file, int line)
{
	fprintf(stderr, "mmu-ref: rcu_dereference() outside rcu_read_lock() "
		"at %s:%d\n", file, line);
	abort();
}

void mmuref_warn(const char *cond, const char *file, int line)
{
	__atomic_fetch_add(&warn_count, 1, __ATOMIC_RELAXED);
	fprintf(stderr, "mmu-ref: WARNING: %s at %s:%d\n", cond, file, line);
}

void mmuref_bug(const char *what, const char *file, int line)
{
	fprintf(stderr, "mmu-ref: BUG: %s at %s:%d\n", what, file, line);
	abort();
}

unsigned long mmuref_warn_count(void)
{
	return __atomic_load_n(&warn_count, __ATOMIC_RELAXED);
}

void mmuref_warn_reset(void)
{
	__atomic_store_n(&warn_count, 0, __ATOMIC_RELAXED);
}
