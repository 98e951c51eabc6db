// RUN: %verify %s
// RUN: %verify -DCONFIG_LOCKDEP %s
// A wrapper that takes two instances of one class, each through its own
// parameter (Summary::LockObjectSets), holds both in its caller: each is
// then dropped by its own unlock, so the second unlock's requirement is met.
// 6.12's security/keys/keyring.c key_move() takes both keyrings' `sem`
// with __key_move_lock(from, to), then drops them one at a time with
// __key_link_end(to) and __key_unlink_end(from), declared
// __releases(&keyring->sem): the second was "not held" (Summary::
// LockObjects held one object per class, and two made it none).
#include <linux/lockdep.h>
#include <linux/mutex.h>

struct key { struct rw_semaphore sem; int type; int n; };
extern int opaque(void);

static int move_lock(struct key *l, struct key *u)
{
	if (l->type != 1 || u->type != 1)
		return -20;
	if (l < u) {
		down_write(&l->sem);
		down_write_nested(&u->sem, 1);
	} else {
		down_write(&u->sem);
		down_write_nested(&l->sem, 1);
	}
	return 0;
}

static void link_end(struct key *k) __releases(&k->sem)
{
	lockdep_assert_held_write(&k->sem);
	up_write(&k->sem);
}

int move(struct key *from, struct key *to)
{
	int ret = move_lock(from, to);
	if (ret < 0)
		return ret;
	from->n--;
	to->n++;
	link_end(to);
	link_end(from);
	return 0;
}

/* One of the two still leaks where a path skips its unlock. */
int move_leaks_from(struct key *from, struct key *to)
{
	int ret = move_lock(from, to);
	if (ret < 0)
		return ret;
	link_end(to);
	if (opaque())
		return -1; // expected-warning {{returns with 'struct key::sem' held on this path but not on others}}
	link_end(from);
	return 0;
}

/* An unlock after both were dropped is still judged. (One of another
   instance while the other is held is not: the class is held, and which
   instance an unlock names is followed only among the holders.) */
int move_drops_to_twice(struct key *from, struct key *to)
{
	if (move_lock(from, to))
		return -20;
	link_end(to);
	link_end(from);
	link_end(to); // expected-warning {{requires 'struct key::sem' held for write, but it is not held here}} expected-warning {{requires 'struct key::sem' held, but it is not held here}}
	return 0;
}

/* Through a wrapper of the wrapper: its callers learn both objects. */
static int move_lock_counted(struct key *a, struct key *b)
{
	int ret = move_lock(a, b);
	if (!ret)
		a->n++;
	return ret;
}

int move_twice_wrapped(struct key *from, struct key *to)
{
	if (move_lock_counted(from, to))
		return -20;
	link_end(from);
	link_end(to);
	return 0;
}
