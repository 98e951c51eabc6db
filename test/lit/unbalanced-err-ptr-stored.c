// RUN: %verify %s
// A local pointer set to ERR_PTR() is known to hold an error until the next
// store, like one set to NULL: do_lock_mount() in fs/namespace.c starts
// with `mp = ERR_PTR(-ENOENT)`, breaks out of its loop with the locks held
// and mp still that error (or a tested IS_ERR(mp)), unlocks and returns mp;
// the one return holding them returns a valid mountpoint. A protocol.
#include <linux/mutex.h>

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long IS_ERR(const void *ptr) { return (unsigned long)ptr >= (unsigned long)-4095; }

struct mountpoint { int n; };
struct mutex ns_lock;
int cant_mount(void);
int moved(void);
struct mountpoint *get_mountpoint(void);

struct mountpoint *lock_mount(void)
{
	struct mountpoint *mp = ERR_PTR(-2);

	for (;;) {
		mutex_lock(&ns_lock);
		if (cant_mount())
			break;
		if (moved()) {
			mutex_unlock(&ns_lock);
			continue;
		}
		mp = get_mountpoint();
		if (IS_ERR(mp))
			break;
		return mp;
	}
	mutex_unlock(&ns_lock);
	return mp;
}

/* The same with the error return forgetting the unlock: a leak. */
struct mountpoint *leaks_on_error(void)
{
	struct mountpoint *mp = ERR_PTR(-2);

	mutex_lock(&ns_lock);
	if (cant_mount())
		return mp; // expected-warning {{returns with 'ns_lock' held on this path but not on others}}
	mp = get_mountpoint();
	if (IS_ERR(mp)) {
		mutex_unlock(&ns_lock);
		return mp;
	}
	return mp;
}
