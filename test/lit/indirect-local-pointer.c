// A function-pointer local (or file-static variable) holds what its
// initializer and assignments store; a call through it reaches those
// functions. A parameter of a static function only ever called directly,
// always with the same one function, is that function, also through a
// caller that passes its own parameter on. One that callers pass different
// functions in (walk_slot_rmaps(kvm, slot, fn, ...)) is not followed: a
// caller passing one would get the requirements of another's. A parameter
// of a function other files can call, or of one whose address is taken, is
// unknown: silent.
// RUN: %verify %s
#include <linux/kvm_host.h>

typedef void (*step_fn)(void);

static void sleepy_step(void) { msleep(1); }
static void quick_step(void) { }
static step_fn default_step = quick_step;

void run_steps(spinlock_t *l, int slow)
{
	step_fn fn = quick_step;

	if (slow)
		fn = sleepy_step;
	spin_lock(l);
	fn(); // expected-warning {{'sleepy_step' (through 'fn', one of 2 functions it may hold) may sleep, but spinning lock 'l' is held here [rcuctx-sleep-in-atomic]}}
	default_step();
	(*fn)(); // expected-warning {{'sleepy_step' (through '(*fn)', one of 2 functions it may hold) may sleep, but spinning lock 'l' is held here [rcuctx-sleep-in-atomic]}}
	spin_unlock(l);
}

void run_given(spinlock_t *l, step_fn given)
{
	spin_lock(l);
	given(); /* whatever the caller passes: unknown */
	spin_unlock(l);
}

static void walk(spinlock_t *l, step_fn fn)
{
	spin_lock(l);
	fn(); /* quick_step from one caller, sleepy_step from another: unknown */
	spin_unlock(l);
}

static void walk_sleepy(spinlock_t *l, step_fn fn)
{
	spin_lock(l);
	fn(); // expected-warning {{'sleepy_step' (through 'fn', the function it holds) may sleep, but spinning lock 'l' is held here [rcuctx-sleep-in-atomic]}}
	spin_unlock(l);
}

static void forward_sleepy(spinlock_t *l, step_fn f)
{
	walk_sleepy(l, f);
}

static void walk_quick(spinlock_t *l, step_fn fn)
{
	spin_lock(l);
	fn();
	spin_unlock(l);
}

static void forward(spinlock_t *l, step_fn f)
{
	walk_quick(l, f);
}

static void walk_escaped(spinlock_t *l, step_fn fn)
{
	spin_lock(l);
	fn();
	spin_unlock(l);
}
void (*walker)(spinlock_t *l, step_fn fn) = walk_escaped;

void walk_all(spinlock_t *l)
{
	walk(l, quick_step);
	walk(l, sleepy_step);
	forward(l, quick_step);
	walk_sleepy(l, sleepy_step);
	forward_sleepy(l, sleepy_step);
	walk_escaped(l, sleepy_step);
}
