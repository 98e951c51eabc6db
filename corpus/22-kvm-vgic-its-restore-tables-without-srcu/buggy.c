// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #22: restoring the virtual ITS after migration
 * (KVM_DEV_ARM_ITS_RESTORE_TABLES on the "kvm-arm-vgic-its" device) walks
 * the device table the guest left in its RAM, reading each entry with
 * kvm_read_guest(). That looks the frame up in the memslots, so it needs
 * kvm->srcu, which the device attribute path does not hold.
 *
 * Distilled from 711702b57cc3 "KVM: arm/arm64: VGIC/ITS save/restore:
 * protect kvm_read_guest() calls" (Linux 4.17-rc6), the save/restore
 * companion of bf308242ab98 "KVM: arm/arm64: VGIC/ITS: protect
 * kvm_read_guest() calls with SRCU lock": arm64 does not hold kvm->srcu
 * across guest exits the way x86 and s390 do, so every kvm_read_guest() of
 * the ITS code goes through a wrapper, kvm_read_guest_lock(), that takes the
 * SRCU read lock around the copy. The table walker scan_its_table() is the
 * reader here.
 */
#include <linux/string.h>
#include <kvm/guest_access.h>

#define ENXIO				6
#define KVM_DEV_ARM_VGIC_GRP_CTRL	4
#define KVM_DEV_ARM_ITS_RESTORE_TABLES	2
#define ITS_DTE_ESZ			8
#define ITS_ESZ_MAX			8
#define GITS_BASER_VALID		(1ull << 63)
#define GITS_BASER_ADDR_MASK		0x0000fffffffff000ull
#define GITS_BASER_SIZE			(64 * 1024)

struct kvm_device {
	struct kvm *kvm;
	void *private;
};

struct kvm_device_attr {
	u32 group;
	u64 attr;
};

struct kvm_device_ops {
	const char *name;
	int (*set_attr)(struct kvm_device *dev, struct kvm_device_attr *attr);
	int (*has_attr)(struct kvm_device *dev, struct kvm_device_attr *attr);
};

struct vgic_its {
	struct kvm_device *dev;
	struct mutex its_lock;
	u64 baser_device_table;
};

/* Handles one table entry; returns the distance to the next ID, 0 at the end. */
typedef int (*entry_fn_t)(struct vgic_its *its, u32 id, void *entry, void *opaque);

bool lock_all_vcpus(struct kvm *kvm);
void unlock_all_vcpus(struct kvm *kvm);
int vgic_its_restore_dte(struct vgic_its *its, u32 id, void *entry, void *opaque);

static int scan_its_table(struct vgic_its *its, gpa_t base, int size, u32 esz,
			  int start_id, entry_fn_t fn, void *opaque)
{
	struct kvm *kvm = its->dev->kvm;
	unsigned long len = size;
	char entry[ITS_ESZ_MAX];
	gpa_t gpa = base;
	int id = start_id;
	int ret;

	memset(entry, 0, esz);

	while (len > 0) {
		int next_offset;

		ret = kvm_read_guest(kvm, gpa, entry, esz);
		if (ret)
			return ret;

		next_offset = fn(its, id, entry, opaque);
		if (next_offset <= 0)
			return next_offset;

		if ((unsigned long)next_offset * esz >= len)
			break;
		len -= next_offset * esz;
		gpa += next_offset * esz;
		id += next_offset;
	}
	return 1;
}

static int vgic_its_restore_device_tables(struct vgic_its *its)
{
	u64 baser = its->baser_device_table;
	int ret;

	if (!(baser & GITS_BASER_VALID))
		return 0;

	ret = scan_its_table(its, baser & GITS_BASER_ADDR_MASK, GITS_BASER_SIZE,
			     ITS_DTE_ESZ, 0, vgic_its_restore_dte, NULL);
	/* scan_its_table() returns +1 when it ran off the end of the table. */
	return ret > 0 ? 0 : ret;
}

static int vgic_its_restore_tables_v0(struct vgic_its *its)
{
	return vgic_its_restore_device_tables(its);
}

static int vgic_its_ctrl(struct kvm *kvm, struct vgic_its *its, u64 attr)
{
	int ret;

	if (attr != KVM_DEV_ARM_ITS_RESTORE_TABLES)
		return -ENXIO;

	mutex_lock(&kvm->lock);
	mutex_lock(&its->its_lock);

	if (!lock_all_vcpus(kvm)) {
		mutex_unlock(&its->its_lock);
		mutex_unlock(&kvm->lock);
		return -EBUSY;
	}

	ret = vgic_its_restore_tables_v0(its);	/* abi->restore_tables() */

	unlock_all_vcpus(kvm);
	mutex_unlock(&its->its_lock);
	mutex_unlock(&kvm->lock);
	return ret;
}

static int vgic_its_set_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	struct vgic_its *its = dev->private;

	if (attr->group == KVM_DEV_ARM_VGIC_GRP_CTRL)
		return vgic_its_ctrl(dev->kvm, its, attr->attr); // expected-warning {{'vgic_its_ctrl' needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here}}
	return -ENXIO;
}

static int vgic_its_has_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	return attr->group == KVM_DEV_ARM_VGIC_GRP_CTRL ? 0 : -ENXIO;
}

const struct kvm_device_ops kvm_arm_vgic_its_ops = {
	.name = "kvm-arm-vgic-its",
	.set_attr = vgic_its_set_attr,
	.has_attr = vgic_its_has_attr,
};
