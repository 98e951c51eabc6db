// RUN: %check -fno-caret-diagnostics %s 2>&1 | FileCheck %s --implicit-check-not=warning:
// A pointer read under RCU from a field that only changes under a lock the
// function does not take itself (its caller's, as ip_rt_ioctl() holds RTNL
// around rtentry_to_fib_config() in net/ipv4/fib_frontend.c) stays valid
// after the section while the caller holds that lock: the use after the
// section becomes a need of the lock at entry, met by a caller that holds it
// and reported, with the chain, at one that does not. Taking the lock after
// the section, or dropping it before the use, leaves the section alone to
// keep the pointer: reported in the function; so is taking it after the
// read while the section lasts (an update may have come before it).
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>

struct cfg { int val; };
struct dev { struct cfg __rcu *cur; };
struct mutex cfg_mutex;

static int peek(struct cfg *c) { return c->val; }

int first_val(struct dev *d)
{
	struct cfg *c;

	rcu_read_lock();
	c = rcu_dereference(d->cur);
	rcu_read_unlock();
	if (!c)
		return -1;
	return c->val + peek(c);
}

int held_by_caller(struct dev *d)
{
	int n;

	mutex_lock(&cfg_mutex);
	n = first_val(d);
	mutex_unlock(&cfg_mutex);
	return n;
}

int released_first(struct dev *d)
{
	mutex_lock(&cfg_mutex);
	mutex_unlock(&cfg_mutex);
	return first_val(d);
}
// CHECK: [[@LINE-2]]:9: warning: 'first_val' uses a pointer read under RCU after its read-side critical section ended, relying on 'cfg_mutex' to keep it stable, but it is not held here [rcuctx-stale-rcu-pointer]
// CHECK-NEXT: :[[@LINE-4]]:2: note: 'cfg_mutex' released here
// CHECK-NEXT: :31:10: note: 'first_val' dereferences 'c' here, after the RCU read-side critical section it was read in ended; 'cfg_mutex' keeps it stable
// CHECK-NEXT: :27:6: note: 'c' is read with rcu_dereference() here
// CHECK-NEXT: :28:2: note: RCU read-side critical section ended here

int taken_after_read(struct dev *d)
{
	struct cfg *c;
	int n;

	rcu_read_lock();
	c = rcu_dereference(d->cur);
	rcu_read_unlock();
	mutex_lock(&cfg_mutex);
	n = c->val;
	mutex_unlock(&cfg_mutex);
	return n;
}
// CHECK: [[@LINE-4]]:7: warning: 'c' is dereferenced after the RCU read-side critical section it was read in ended [rcuctx-stale-rcu-pointer]

int dropped_before_use(struct dev *d)
{
	struct cfg *c;

	rcu_read_lock();
	c = rcu_dereference(d->cur);
	rcu_read_unlock();
	mutex_unlock(&cfg_mutex);
	return peek(c);
}
// CHECK: [[@LINE-2]]:14: warning: 'c' is passed to 'peek', which dereferences it, after the RCU read-side critical section it was read in ended and 'cfg_mutex', which keeps it stable, was released [rcuctx-stale-rcu-pointer]
// CHECK-NEXT: note: 'c' is read with rcu_dereference() here, with 'cfg_mutex' held if the caller held it
// CHECK-NEXT: note: 'cfg_mutex' released here

/* The file's word that cfg_mutex keeps dev::cur's updaters out. */
void set_cfg(struct dev *d, struct cfg *n)
{
	struct cfg *old = rcu_dereference_protected(d->cur, lockdep_is_held(&cfg_mutex));

	rcu_assign_pointer(d->cur, n);
	(void)old;
}

/* The object's own lock, taken inside the section, keeps it here: no need
 * of the caller's lock; taken after the section, it is too late. */
struct cfgl { int val; spinlock_t lock; };
struct devl { struct cfgl __rcu *cur; };

int own_lock(struct devl *d)
{
	struct cfgl *c;
	int n;

	rcu_read_lock();
	c = rcu_dereference(d->cur);
	spin_lock(&c->lock);
	rcu_read_unlock();
	n = c->val;
	spin_unlock(&c->lock);
	return n;
}

int own_lock_late(struct devl *d)
{
	struct cfgl *c;
	int n;

	rcu_read_lock();
	c = rcu_dereference(d->cur);
	rcu_read_unlock();
	spin_lock(&c->lock);
	n = c->val;
	spin_unlock(&c->lock);
	return n;
}

int own_lock_late_unheld(struct devl *d)
{
	int n;

	mutex_lock(&cfg_mutex);
	mutex_unlock(&cfg_mutex);
	n = own_lock(d);
	return n + own_lock_late(d);
}
// CHECK: [[@LINE-2]]:13: warning: 'own_lock_late' uses a pointer read under RCU after its read-side critical section ended, relying on 'cfg_mutex' to keep it stable, but it is not held here [rcuctx-stale-rcu-pointer]
// CHECK: note: 'own_lock_late' dereferences 'c' here, after the RCU read-side critical section it was read in ended; 'cfg_mutex' keeps it stable

void set_cfgl(struct devl *d, struct cfgl *n)
{
	rcu_assign_pointer(d->cur, rcu_dereference_protected(d->cur, lockdep_is_held(&cfg_mutex)) ? n : n);
}

/* The update-side lock taken after the read, still inside the section,
 * pins nothing: an updater may have unpublished the object before it was
 * taken, and its grace period waits for the section alone. */
spinlock_t cfg_spin;
struct devs { struct cfg __rcu *cur; };

int spin_taken_in_section(struct devs *d)
{
	struct cfg *c;
	int n;

	rcu_read_lock();
	c = rcu_dereference(d->cur);
	spin_lock(&cfg_spin);
	rcu_read_unlock();
	n = c->val;
	spin_unlock(&cfg_spin);
	return n;
}
// CHECK: [[@LINE-4]]:7: warning: 'c' is dereferenced after the RCU read-side critical section it was read in ended [rcuctx-stale-rcu-pointer]

void set_cfgs(struct devs *d, struct cfg *n)
{
	rcu_assign_pointer(d->cur, rcu_dereference_protected(d->cur, lockdep_is_held(&cfg_spin)) ? n : n);
}

/* Dropped on some paths only: the caller's hold keeps nothing there, and
 * the check judges the pointer by its section, as it did before it knew
 * the lock. */
extern int cfg_busy(struct dev *d);

int dropped_on_a_path(struct dev *d)
{
	struct cfg *c;

	rcu_read_lock();
	c = rcu_dereference(d->cur);
	rcu_read_unlock();
	if (cfg_busy(d))
		mutex_unlock(&cfg_mutex);
	return c->val;
}
// CHECK: [[@LINE-2]]:10: warning: 'c' is dereferenced after the RCU read-side critical section it was read in ended [rcuctx-stale-rcu-pointer]

/* A helper returning what it read in its caller's section: the caller's
 * section, not a lock the helper never took, is what keeps it. */
static struct cfg *cur_cfg(struct dev *d)
{
	return rcu_dereference(d->cur);
}

int uses_returned(struct dev *d)
{
	struct cfg *c;

	rcu_read_lock();
	c = cur_cfg(d);
	rcu_read_unlock();
	return c->val;
}
// CHECK: [[@LINE-2]]:10: warning: 'c' is dereferenced after the RCU read-side critical section it was read in ended [rcuctx-stale-rcu-pointer]
