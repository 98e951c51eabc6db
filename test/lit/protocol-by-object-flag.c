// Returns that differ along a flag the function tested before it entered
// the context are a protocol on that flag: Linux 6.12's i915
// intel_pipe_update_start() returns with IRQs disabled except for an async
// flip (`if (new_crtc_state->do_async_flip) { ...; return; }`, tested before
// local_irq_disable()), and intel_pipe_update_end() tests the same
// (kernel/TRIAGE-rest-6.12.md #10, 11; checks/Imbalance.cpp
// toldApartByPriorTest()). The same shape with the test inside the section
// is the classic leak (`rcu_read_lock(); if (p->dead) return; ...
// rcu_read_unlock();`): still reported; so is a lock kept in the arm of the
// test (the unlock forgotten on a fast path). A value the function stores for its
// callers is a protocol too (protocol-by-stored-field.c).
// RUN: %verify %s
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

struct crtc_state { _Bool do_async_flip; int event; };
struct crtc { spinlock_t event_lock; int flip_done_event; };
struct obj { _Bool dead; int v; };
extern int vblank_get(struct crtc *crtc);
extern int evade(struct crtc *crtc);

void pipe_update_start(struct crtc *crtc, struct crtc_state *new)
{
	if (new->do_async_flip) {
		spin_lock_irq(&crtc->event_lock);
		crtc->flip_done_event = new->event;
		spin_unlock_irq(&crtc->event_lock);
		return;
	}
	if (vblank_get(crtc))
		goto irq_disable;
	local_irq_disable();
	evade(crtc);
	return;
irq_disable:
	local_irq_disable();
}

// The flag tested inside the section: the leak.
int read_unless_dead(struct obj *p)
{
	int v;

	rcu_read_lock();
	if (p->dead)
		return 0; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others [rcuctx-unbalanced]}}
	v = p->v;
	rcu_read_unlock();
	return v;
}

// Tested before the section and again inside it: not only the flag decides.
int read_unless_dead_twice(struct obj *p)
{
	int v;

	if (p->dead)
		return 0;
	rcu_read_lock();
	if (p->dead)
		return 0; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others [rcuctx-unbalanced]}}
	v = p->v;
	rcu_read_unlock();
	return v;
}

// A lock taken only where the flag says so, the flag tested first: a
// protocol; the same flag tested with the lock held: the leak.
struct locked { spinlock_t lock; _Bool unlocked; int v; };

void maybe_lock(struct locked *l)
{
	if (l->unlocked) {
		spin_lock(&l->lock);
		l->v = 0;
		spin_unlock(&l->lock);
		return;
	}
	spin_lock(&l->lock);
	l->v++;
}

void lock_unless_unlocked(struct locked *l)
{
	spin_lock(&l->lock);
	if (l->unlocked)
		return; // expected-warning {{returns with 'struct locked::lock' held on this path but not on others [rcuctx-unbalanced]}}
	l->v++;
	spin_unlock(&l->lock);
}

// The flag tested first, but the lock kept in its arm: the forgotten unlock.
void fast_path_leak(struct locked *l)
{
	if (l->unlocked) {
		spin_lock(&l->lock);
		l->v = 0;
		return; // expected-warning {{returns with 'struct locked::lock' held on this path but not on others [rcuctx-unbalanced]}}
	}
	spin_lock(&l->lock);
	l->v++;
	spin_unlock(&l->lock);
}
