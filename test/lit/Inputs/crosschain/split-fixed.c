/* The caller, fixed: the SPTE's page is read while the walk still holds
 * its RCU section, before the walk is yielded to allocate. */
#include <linux/fs.h>
#include <linux/kvm_host.h>
#include <linux/slab.h>

struct sp;
void walk_begin(struct kvm *kvm);
void walk_end(struct kvm *kvm);
void walk_yield(struct kvm *kvm);
void walk_relock(struct kvm *kvm);
void walk_resume(struct kvm *kvm);
bool is_mirror_sptep(struct sp __rcu **sptep);

static int split_root(struct kvm *kvm, struct sp __rcu **sptep)
{
	void *new_sp;
	bool mirror;

	walk_begin(kvm);
	mirror = is_mirror_sptep(sptep);
	walk_yield(kvm);
	new_sp = kmalloc(64, GFP_KERNEL);
	walk_relock(kvm);
	walk_resume(kvm);
	walk_end(kvm);
	kfree(new_sp);
	return mirror;
}

static long split_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct kvm *kvm = filp->private_data;

	return split_root(kvm, (struct sp __rcu **)arg);
}

const struct file_operations split_fops = {
	.unlocked_ioctl = split_ioctl,
};
