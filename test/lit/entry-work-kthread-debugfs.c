// Work items (INIT_WORK), kthreads (kthread_run) and debugfs attributes
// (DEFINE_DEBUGFS_ATTRIBUTE) run in process context with no locks held.
// RUN: %verify %s
// RUN: %verify %debug_config %s
#include <linux/kvm_host.h>
#include <linux/workqueue.h>
#include <linux/kthread.h>
#include <linux/debugfs.h>

struct dev { struct kvm *kvm; struct work_struct work; u64 val; };

static void needs_mmu_write(struct kvm *kvm)
{
	lockdep_assert_held_write(&kvm->mmu_lock);
	kvm->nr_mmu_pages = 0;
}

static void dev_work(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, work);

	needs_mmu_write(d->kvm); // expected-warning {{'needs_mmu_write' requires 'struct kvm::mmu_lock' held for write, but it is not held here}}
}

static int dev_thread(void *data)
{
	struct dev *d = data;

	write_lock(&d->kvm->mmu_lock);
	needs_mmu_write(d->kvm);
	write_unlock(&d->kvm->mmu_lock);
	return rcu_dereference(d->kvm->memslots[0])->generation; // expected-warning {{rcu_dereference() needs an RCU read-side critical section, but none is held here}}
}

static int val_get(void *data, u64 *val)
{
	struct dev *d = data;

	*val = kvm_memslots(d->kvm)->generation; // expected-warning {{'kvm_memslots' needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here}}
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(val_fops, val_get, 0, "%llu\n");

void dev_init(struct dev *d)
{
	INIT_WORK(&d->work, dev_work);
	kthread_run(dev_thread, d, "dev");
}
