// A file_operations method is entered in process context with no locks
// held: a requirement that reaches it unmet is definite. The finding is at
// the first call where the context is wrong, with a note naming the entry.
// RUN: %verify %s
// RUN: %check %s 2>&1 | FileCheck %s
#include <linux/kvm_host.h>
#include <linux/fs.h>

static int read_slots_gen(struct kvm *kvm)
{
	return kvm_memslots(kvm)->generation;
}

static long vm_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct kvm *kvm = f->private_data;

	return read_slots_gen(kvm); // expected-warning {{'read_slots_gen' needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here [rcuctx-rcu-section]}}
}

static long vm_compat_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct kvm *kvm = f->private_data;
	int idx = srcu_read_lock(&kvm->srcu);
	long r = read_slots_gen(kvm);

	srcu_read_unlock(&kvm->srcu, idx);
	return r;
}

static const struct file_operations vm_fops = {
	.unlocked_ioctl = vm_ioctl,
	.compat_ioctl = vm_compat_ioctl,
};

/* Also called directly under the right context: no finding through here. */
int direct_user(struct kvm *kvm)
{
	int idx = srcu_read_lock(&kvm->srcu);
	int g = read_slots_gen(kvm);

	srcu_read_unlock(&kvm->srcu, idx);
	return g;
}
// CHECK: warning: 'read_slots_gen' needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here
// CHECK: note: 'read_slots_gen' calls 'kvm_memslots' here
// CHECK: note: 'kvm_memslots' calls '__kvm_memslots' here
// CHECK: note: '__kvm_memslots' reads an RCU-protected pointer with srcu_dereference_check() here
// CHECK: note: 'vm_ioctl' is a file_operations method: entered in process context with no locks held

/* The refcount term of __kvm_memslots() holds only in creation/teardown. */
void kvm_destroy_vm(struct kvm *kvm)
{
	kfree(kmalloc(8, GFP_KERNEL));
	read_slots_gen(kvm);
}

static long teardown_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	kvm_destroy_vm(f->private_data);
	return 0;
}

static const struct file_operations teardown_fops = {
	.unlocked_ioctl = teardown_ioctl,
};
