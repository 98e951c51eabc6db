// RUN: %verify %s
// downgrade_write() turns a write hold into a read hold (rules op
// `downgrade`): up_read() after it is the right unlock, up_write() the
// wrong one, and what needs the lock held for write does not have it any
// more. 6.12's sound/core/control.c snd_ctl_activate_id() downgrades before
// notifying and ends with up_read(): "unlock of 'struct
// snd_card::controls_rwsem', which is held for write here" twice in the
// whole-kernel run.
#include <linux/lockdep.h>
#include <linux/mutex.h>

struct card { struct rw_semaphore controls_rwsem; int active; };
void notify(struct card *card);

int activate(struct card *card, int active)
{
	down_write(&card->controls_rwsem);
	if (card->active == active) {
		up_write(&card->controls_rwsem);
		return 0;
	}
	card->active = active;
	downgrade_write(&card->controls_rwsem);
	notify(card);
	up_read(&card->controls_rwsem);
	return 1;
}

int activate_wrong_unlock(struct card *card)
{
	down_write(&card->controls_rwsem);
	downgrade_write(&card->controls_rwsem);
	up_write(&card->controls_rwsem); // expected-warning {{unlock of 'struct card::controls_rwsem', which is held for read here}}
	return 0;
}

void activate_then_assert_write(struct card *card)
{
	down_write(&card->controls_rwsem);
	downgrade_write(&card->controls_rwsem);
	lockdep_assert_held_write(&card->controls_rwsem); // expected-warning {{lockdep_assert_held_write() requires 'struct card::controls_rwsem' held for write, but it is held for read here}}
	up_read(&card->controls_rwsem);
}
