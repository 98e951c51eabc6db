// Returns that differ along a flag the function only tested are not taken
// for a protocol: Linux 6.12's i915 intel_pipe_update_start() returns with
// IRQs disabled except for an async flip (`if (new_crtc_state->do_async_flip)
// { ...; return; }`), and intel_pipe_update_end() tests the same -- but the
// same shape is the classic leak when the test comes inside the section
// (`rcu_read_lock(); if (p->dead) return; ... rcu_read_unlock();`), and
// nothing here tells the two apart. Both are reported; the i915 one is a
// false alarm (kernel/TRIAGE-rest-6.12.md #10, 11). A value the function
// stores for its callers is a protocol (protocol-by-stored-field.c).
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
	return; // expected-warning {{returns with an IRQs-disabled region held on this path but not on others [rcuctx-unbalanced]}}
irq_disable:
	local_irq_disable(); // expected-warning@+1 {{returns with an IRQs-disabled region held on this path but not on others [rcuctx-unbalanced]}}
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
