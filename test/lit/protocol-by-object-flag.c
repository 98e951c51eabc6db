// A function whose exits differ only along a flag of an object it tested
// is a protocol on that object's mode, not an imbalance: Linux 6.12's i915
// intel_pipe_update_start() returns with IRQs disabled, except for an async
// flip (`if (new_crtc_state->do_async_flip) { ...; return; }`), and
// intel_pipe_update_end() re-enables them on the same condition. The flag
// is the boolean field of its record type (transfer/FlagTransfer.h). Exits
// that differ where no tested flag tells them apart are still reported.
// RUN: %verify %s
#include <linux/preempt.h>
#include <linux/spinlock.h>

struct crtc_state { _Bool do_async_flip; int event; };
struct crtc { spinlock_t event_lock; int flip_done_event; };
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

void pipe_update_end(struct crtc *crtc, struct crtc_state *new)
{
	if (new->do_async_flip)
		return;
	evade(crtc);
	local_irq_enable();
}

// The same shape on data it did not test: an imbalance.
void pipe_update_start_untested(struct crtc *crtc, struct crtc_state *new)
{
	if (vblank_get(crtc)) {
		spin_lock_irq(&crtc->event_lock);
		crtc->flip_done_event = new->event;
		spin_unlock_irq(&crtc->event_lock);
		return;
	}
	local_irq_disable(); // expected-warning@+1 {{returns with an IRQs-disabled region held on this path but not on others [rcuctx-unbalanced]}}
	return;
}

// A store to the flag between the test and the return: no protocol.
void pipe_update_start_stored(struct crtc *crtc, struct crtc_state *new)
{
	if (new->do_async_flip) {
		spin_lock_irq(&crtc->event_lock);
		spin_unlock_irq(&crtc->event_lock);
		new->do_async_flip = 0;
		return;
	}
	local_irq_disable(); // expected-warning@+1 {{returns with an IRQs-disabled region held on this path but not on others [rcuctx-unbalanced]}}
}

// Told apart by the flag, but the held return gives an error: a leak.
int pipe_update_start_error(struct crtc *crtc, struct crtc_state *new)
{
	if (new->do_async_flip) {
		spin_lock_irq(&crtc->event_lock);
		spin_unlock_irq(&crtc->event_lock);
		return 0;
	}
	local_irq_disable();
	return -16; // expected-warning {{returns with an IRQs-disabled region held on this path but not on others [rcuctx-unbalanced]}}
}
