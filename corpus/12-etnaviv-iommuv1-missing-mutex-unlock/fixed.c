// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #12, fixed: as in "drm/etnaviv: fix missing unlock on error
 * in etnaviv_iommuv1_context_alloc()", the allocation failure leaves through
 * an unlock.
 */
#include <linux/mutex.h>
#include <linux/slab.h>

// expected-no-diagnostics

#define PT_SIZE 0x200000

struct device;

struct etnaviv_iommu_context {
	struct etnaviv_iommu_global *global;
	int refcount;
};

struct etnaviv_iommuv1_context {
	struct etnaviv_iommu_context base;
	u32 *pgtable_cpu;
	u64 pgtable_dma;
};

struct etnaviv_iommu_global {
	struct device *dev;
	struct mutex lock;
	struct {
		struct etnaviv_iommu_context *shared_context;
	} v1;
};

void *dma_alloc_wc(struct device *dev, size_t size, u64 *dma_addr, gfp_t gfp);

struct etnaviv_iommu_context *
etnaviv_iommuv1_context_alloc(struct etnaviv_iommu_global *global)
{
	struct etnaviv_iommuv1_context *v1_context;
	struct etnaviv_iommu_context *context;

	mutex_lock(&global->lock);

	/* MMUv1 cannot switch contexts cheaply: one context, shared by all. */
	if (global->v1.shared_context) {
		context = global->v1.shared_context;
		context->refcount++;
		mutex_unlock(&global->lock);
		return context;
	}

	v1_context = kzalloc(sizeof(*v1_context), GFP_KERNEL);
	if (!v1_context) {
		mutex_unlock(&global->lock);
		return NULL;
	}

	v1_context->pgtable_cpu = dma_alloc_wc(global->dev, PT_SIZE,
					       &v1_context->pgtable_dma, GFP_KERNEL);
	if (!v1_context->pgtable_cpu)
		goto out_free;

	context = &v1_context->base;
	context->global = global;
	context->refcount = 1;
	global->v1.shared_context = context;

	mutex_unlock(&global->lock);
	return context;

out_free:
	mutex_unlock(&global->lock);
	kfree(v1_context);
	return NULL;
}
