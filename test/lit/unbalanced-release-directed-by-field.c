// RUN: %verify %s
// A lock released as a field of a descriptor directs: 6.12's
// do_vmi_align_munmap() (mm/vma.c) fills a local `struct vma_munmap_struct
// vms` with init_vma_munmap(&vms, ..., unlock), and vms_complete_munmap_vmas()
// drops mmap_lock under `if (vms->unlock)`. brk() and mremap() pass
// `unlock = true` and leave by a label that skips their own unlock when the
// call returned 0: balanced (two false alarms on mm/, kernel/RESULTS-mm.md).
//
// The field is a mode of complete_unmap() because its test guards a lock
// call and the body never writes it; the caller knows its value from the one
// store that every path to the call passes (the initialiser's helper here).
// A store the call does not always follow, or a second one, leaves it
// unknown, and the protocol's callers that get it wrong are still reported.
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct mm { struct rw_semaphore lock; };
struct unmap_op { struct mm *mm; int nr; bool unlock; };
int cond(void);
void work(int nr);

static inline void init_unmap(struct unmap_op *op, struct mm *mm, bool unlock)
{
	op->mm = mm;
	op->nr = 0;
	op->unlock = unlock;
}

static int gather(struct unmap_op *op)
{
	op->nr = cond();
	return op->nr < 0 ? -12 : 0;
}

static void complete_unmap(struct unmap_op *op)
{
	if (op->unlock)
		up_write(&op->mm->lock);
	work(op->nr);
}

/* 0 with the lock dropped if so directed; an error with it held. */
static int unmap_range(struct mm *mm, bool unlock)
{
	struct unmap_op op;
	int error;

	init_unmap(&op, mm, unlock);
	error = gather(&op);
	if (error)
		goto failed;
	complete_unmap(&op);
	return 0;
failed:
	return error;
}

int shrink(struct mm *mm)
{
	down_write(&mm->lock);
	if (cond())
		goto success;
	if (unmap_range(mm, true))
		goto out;
	goto success_unlocked;
success:
	up_write(&mm->lock);
success_unlocked:
	return 0;
out:
	up_write(&mm->lock);
	return -1;
}

/* Not directed to unlock, yet leaves as if it had: a leak. */
int shrink_forgets(struct mm *mm)
{
	down_write(&mm->lock);
	if (cond())
		goto success;
	if (unmap_range(mm, false))
		goto out;
	goto success_unlocked; // expected-warning {{returns with 'struct mm::lock' held on this path but not on others}}
success:
	up_write(&mm->lock);
success_unlocked:
	return 0;
out:
	up_write(&mm->lock);
	return -1;
}

/* Written directly, a store the call always follows counts too. */
int shrink_direct(struct mm *mm)
{
	struct unmap_op op = { .mm = mm };

	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	op.unlock = false;
	complete_unmap(&op);
	return 0; // expected-warning {{returns with 'struct mm::lock' held on this path but not on others}}
}

int shrink_direct_ok(struct mm *mm)
{
	struct unmap_op op = { .mm = mm, .unlock = true };

	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	complete_unmap(&op);
	return 0;
}

/* A store on one path only: the value at the call is unknown, and so is
 * what complete_unmap() leaves held (no finding either way). Read as the
 * initialiser's `false`, the return below would hold the lock. */
int shrink_maybe(struct mm *mm, int n)
{
	struct unmap_op op;

	init_unmap(&op, mm, false);
	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	if (n > 3)
		op.unlock = true;
	complete_unmap(&op);
	return 0;
}

/* Likewise a helper that stores the field only on some paths. */
static void maybe_direct(struct unmap_op *op, int n)
{
	if (n)
		op->unlock = true;
}

int shrink_helper_maybe(struct mm *mm, int n)
{
	struct unmap_op op;

	init_unmap(&op, mm, false);
	maybe_direct(&op, n);
	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	complete_unmap(&op);
	return 0;
}

/* Handed to a function without a body here, the object may change under
 * the call: its field is no mode, and the caller learns nothing from it. */
void inspect(struct unmap_op *op);

static void complete_opaque(struct unmap_op *op)
{
	inspect(op);
	if (op->unlock)
		up_write(&op->mm->lock);
}

int shrink_opaque(struct mm *mm)
{
	struct unmap_op op = { .mm = mm, .unlock = false };

	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	complete_opaque(&op);
	return 0;
}

/* A function that takes the lock itself and releases it only where the
 * field says so is still judged across the field's values: the forgotten
 * unlock is reported (review of the directed-field modes). */
struct foo { spinlock_t lock; int dead; int x; };
void do_stuff(int x);

void foo_kick(struct foo *f)
{
	spin_lock(&f->lock);
	if (f->dead) {
		spin_unlock(&f->lock);
		return;
	}
	do_stuff(f->x);
} // expected-warning {{returns with 'struct foo::lock' held on this path but not on others}}

/* A label between the store and the call: a path may skip the store. */
int shrink_label(struct mm *mm, int n)
{
	struct unmap_op op = { .mm = mm, .unlock = true };

	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	if (n)
		goto skip;
	op.unlock = false;
skip:
	complete_unmap(&op);
	return 0;
}

/* A store after the call in the same loop reaches the next call. */
int shrink_loop(struct mm *mm, int n)
{
	struct unmap_op op = { .mm = mm, .unlock = false };

	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	while (n--) {
		complete_unmap(&op);
		op.unlock = true;
	}
	return 0;
}

/* A helper whose store comes after an early return is not sure. */
static void init_maybe(struct unmap_op *op, struct mm *mm, bool unlock)
{
	if (!mm)
		return;
	op->unlock = unlock;
}

int shrink_helper_return(struct mm *mm)
{
	struct unmap_op op = { .mm = mm, .unlock = true };

	init_maybe(&op, mm, false);
	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	complete_unmap(&op);
	return 0;
}

/* An address kept before the store: a later call may write through it. */
void keep(struct unmap_op *op);
void poke(void);

int shrink_escaped(struct mm *mm)
{
	struct unmap_op op = { .mm = mm, .unlock = true };

	keep(&op);
	op.unlock = false;
	poke();
	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	complete_unmap(&op);
	return 0;
}

/* A one-bit field keeps the low bit: 2 is stored as 0, no release. */
struct bit_op { struct mm *mm; unsigned unlock:1; };

static void complete_bit(struct bit_op *op)
{
	if (op->unlock)
		up_write(&op->mm->lock);
}

int shrink_bit(struct mm *mm)
{
	struct bit_op op = { .mm = mm };

	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	op.unlock = 2; // expected-warning {{implicit truncation}}
	complete_bit(&op);
	return 0; // expected-warning {{returns with 'struct mm::lock' held on this path but not on others}}
}

/* Handed the object twice, a helper's sure store through one parameter is
 * not the last word: it may write the field again through the other (here
 * it does, last: the lock is dropped and the function is balanced). */
static void init_twice(struct unmap_op *a, struct unmap_op *b, bool unlock)
{
	b->unlock = unlock;
	a->unlock = true;
}

int shrink_twice(struct mm *mm)
{
	struct unmap_op op = { .mm = mm };

	init_twice(&op, &op, false);
	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	complete_unmap(&op);
	return 0;
}

/* Likewise when the other argument is the field's own address (the store
 * through it comes last: the lock is dropped, balanced). */
static void init_alias(struct unmap_op *a, bool *u, bool v)
{
	a->unlock = v;
	*u = true;
}

int shrink_alias(struct mm *mm)
{
	struct unmap_op op = { .mm = mm };

	init_alias(&op, &op.unlock, false);
	down_write(&mm->lock);
	if (cond()) {
		up_write(&mm->lock);
		return 0;
	}
	complete_unmap(&op);
	return 0;
}
