// RUN: %verify %s
// A helper defined in another file whose contract is to release a lock its
// caller took: the rules say so (rules/50-drivers.yaml), for the plugin,
// which sees one file. 6.12's drm_gem_prime_fd_to_handle() (drm_prime.c)
// takes dev->object_name_lock, unlocks it itself on the import's error
// path, and leaves the success path to drm_gem_handle_create_tail()
// (drm_gem.c), which "unconditionally unlocks" it: three "returns with
// 'struct drm_device::object_name_lock' held on this path but not on
// others" in the whole-kernel run. A use of the lock after the call is
// still a use of a lock not held.
#include <linux/mutex.h>
#include <linux/lockdep.h>

struct drm_device { struct mutex object_name_lock; };
struct drm_file { int id; };
struct drm_gem_object { struct drm_device *dev; };
int drm_gem_handle_create_tail(struct drm_file *file_priv, struct drm_gem_object *obj, unsigned int *handlep);
struct drm_gem_object *import(struct drm_device *dev, int fd);

int fd_to_handle(struct drm_device *dev, struct drm_file *file_priv, int fd, unsigned int *handle)
{
	struct drm_gem_object *obj;
	int ret;

	mutex_lock(&dev->object_name_lock);
	obj = import(dev, fd);
	if (!obj) {
		ret = -22;
		goto out_unlock;
	}
	/* drm_gem_handle_create_tail() unconditionally unlocks object_name_lock. */
	ret = drm_gem_handle_create_tail(file_priv, obj, handle);
	if (ret)
		goto out;
	return 0;
out_unlock:
	mutex_unlock(&dev->object_name_lock);
out:
	return ret;
}

int fd_to_handle_then_assert(struct drm_device *dev, struct drm_file *file_priv,
			     struct drm_gem_object *obj, unsigned int *handle)
{
	int ret;

	mutex_lock(&dev->object_name_lock);
	ret = drm_gem_handle_create_tail(file_priv, obj, handle);
	lockdep_assert_held(&dev->object_name_lock); // expected-warning {{lockdep_assert_held() requires 'struct drm_device::object_name_lock' held, but it is not held here}}
	return ret;
}
