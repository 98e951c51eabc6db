// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #21, fixed: as in "KVM: arm/arm64: vgic-its: Take the srcu
 * lock when writing to guest memory", the ITS writes go through
 * kvm_write_guest_lock(), which holds kvm->srcu around kvm_write_guest().
 */
#include <kvm/guest_access.h>

// expected-no-diagnostics

#define ENXIO				6
#define KVM_DEV_ARM_VGIC_GRP_CTRL	4
#define KVM_DEV_ARM_ITS_SAVE_TABLES	1
#define KVM_DEV_ARM_ITS_CTRL_RESET	4
#define ITS_CTE_ESZ			8
#define GITS_BASER_VALID		(1ull << 63)
#define GITS_BASER_ADDR_MASK		0x0000fffffffff000ull

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

struct its_collection {
	u32 collection_id;
	u32 target_addr;
};

struct vgic_its {
	struct kvm_device *dev;
	struct mutex its_lock;
	u64 baser_coll_table;
	struct its_collection *colls;
	int nr_colls;
};

bool lock_all_vcpus(struct kvm *kvm);
void unlock_all_vcpus(struct kvm *kvm);

/* arm64 holds no SRCU section across guest exits: take it per access. */
static inline int kvm_write_guest_lock(struct kvm *kvm, gpa_t gpa, const void *data,
				       unsigned long len)
{
	int srcu_idx = srcu_read_lock(&kvm->srcu);
	int ret = kvm_write_guest(kvm, gpa, data, len);

	srcu_read_unlock(&kvm->srcu, srcu_idx);
	return ret;
}

/* One collection table entry: valid bit, target redistributor, ID. */
static int vgic_its_save_cte(struct vgic_its *its, struct its_collection *coll,
			     gpa_t gpa, int esz)
{
	u64 val = (1ull << 63) | ((u64)coll->target_addr << 16) | coll->collection_id;

	return kvm_write_guest_lock(its->dev->kvm, gpa, &val, esz);
}

static int vgic_its_save_collection_table(struct vgic_its *its)
{
	u64 baser = its->baser_coll_table;
	gpa_t gpa = baser & GITS_BASER_ADDR_MASK;
	u64 val = 0;
	int i, ret;

	if (!(baser & GITS_BASER_VALID))
		return 0;

	for (i = 0; i < its->nr_colls; i++) {
		ret = vgic_its_save_cte(its, &its->colls[i], gpa, ITS_CTE_ESZ);
		if (ret)
			return ret;
		gpa += ITS_CTE_ESZ;
	}

	/* An invalid entry ends the table. */
	return kvm_write_guest_lock(its->dev->kvm, gpa, &val, ITS_CTE_ESZ);
}

static int vgic_its_save_tables_v0(struct vgic_its *its)
{
	return vgic_its_save_collection_table(its);
}

static int vgic_its_ctrl(struct kvm *kvm, struct vgic_its *its, u64 attr)
{
	int ret = 0;

	if (attr != KVM_DEV_ARM_ITS_SAVE_TABLES && attr != KVM_DEV_ARM_ITS_CTRL_RESET)
		return -ENXIO;

	mutex_lock(&kvm->lock);
	mutex_lock(&its->its_lock);

	if (!lock_all_vcpus(kvm)) {
		mutex_unlock(&its->its_lock);
		mutex_unlock(&kvm->lock);
		return -EBUSY;
	}

	if (attr == KVM_DEV_ARM_ITS_SAVE_TABLES)
		ret = vgic_its_save_tables_v0(its);	/* abi->save_tables() */
	else
		its->nr_colls = 0;

	unlock_all_vcpus(kvm);
	mutex_unlock(&its->its_lock);
	mutex_unlock(&kvm->lock);
	return ret;
}

static int vgic_its_set_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	struct vgic_its *its = dev->private;

	if (attr->group == KVM_DEV_ARM_VGIC_GRP_CTRL)
		return vgic_its_ctrl(dev->kvm, its, attr->attr);
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
