// SPDX-License-Identifier: MIT
/* VM creation/destruction and the per-vCPU MMU memory caches. */
#include "mmu.h"
#include "tdp_mmu.h"
#include "tdx_module.h"
#include <linux/sched.h>

#include <pthread.h>

struct kmem_cache *mmu_page_header_cache;
static pthread_once_t mmu_init_once = PTHREAD_ONCE_INIT;

static void kvm_mmu_vendor_module_init(void)
{
	mmu_page_header_cache = kmem_cache_create("kvm_mmu_page_header",
						  sizeof(struct kvm_mmu_page),
						  0, 0, NULL);
	BUG_ON(!mmu_page_header_cache);
}

static void *mmu_memory_cache_alloc_obj(struct kvm_mmu_memory_cache *mc,
					gfp_t gfp)
{
	u64 *page;
	int i;

	if (mc->kmem_cache)
		return kmem_cache_zalloc(mc->kmem_cache, gfp);

	page = (u64 *)__get_free_page(gfp | mc->gfp_zero);
	if (page && mc->init_value)
		for (i = 0; i < SPTE_ENT_PER_PAGE; i++)
			page[i] = mc->init_value;
	return page;
}

static void mmu_memory_cache_free_obj(struct kvm_mmu_memory_cache *mc,
				      void *obj)
{
	if (mc->kmem_cache)
		kmem_cache_free(mc->kmem_cache, obj);
	else
		free_page((unsigned long)obj);
}

/* Fill @mc to capacity if it holds fewer than @min objects.  Sleeps. */
static int kvm_mmu_topup_memory_cache(struct kvm_mmu_memory_cache *mc, int min)
{
	void *obj;

	might_sleep();
	if (mc->nobjs >= min)
		return 0;
	while (mc->nobjs < KVM_MMU_CACHE_CAPACITY) {
		obj = mmu_memory_cache_alloc_obj(mc, GFP_KERNEL_ACCOUNT);
		if (!obj)
			return mc->nobjs >= min ? 0 : -ENOMEM;
		mc->objects[mc->nobjs++] = obj;
	}
	return 0;
}

static void kvm_mmu_free_memory_cache(struct kvm_mmu_memory_cache *mc)
{
	while (mc->nobjs)
		mmu_memory_cache_free_obj(mc, mc->objects[--mc->nobjs]);
}

/*
 * Take an object from a topped-up cache: never sleeps, usable under
 * mmu_lock.  An empty cache is a bug; fall back to an atomic allocation.
 */
void *kvm_mmu_memory_cache_alloc(struct kvm_mmu_memory_cache *mc)
{
	void *p;

	if (WARN_ON(!mc->nobjs))
		p = mmu_memory_cache_alloc_obj(mc, GFP_ATOMIC | __GFP_ACCOUNT);
	else
		p = mc->objects[--mc->nobjs];
	BUG_ON(!p);
	return p;
}

void kvm_vcpu_init(struct kvm_vcpu *vcpu, struct kvm *kvm)
{
	pthread_once(&mmu_init_once, kvm_mmu_vendor_module_init);
	vcpu->kvm = kvm;
	vcpu->mmu_page_header_cache.nobjs = 0;
	vcpu->mmu_page_header_cache.kmem_cache = mmu_page_header_cache;
	vcpu->mmu_shadow_page_cache.nobjs = 0;
	vcpu->mmu_shadow_page_cache.kmem_cache = NULL;
	vcpu->mmu_shadow_page_cache.gfp_zero = 0;
	vcpu->mmu_shadow_page_cache.init_value = SHADOW_NONPRESENT_VALUE;
	vcpu->mmu_external_spt_cache.nobjs = 0;
	vcpu->mmu_external_spt_cache.kmem_cache = NULL;
	vcpu->mmu_external_spt_cache.gfp_zero = __GFP_ZERO;
	vcpu->mmu_external_spt_cache.init_value = 0;
}

/* Enough for one fault at any level: a table per level below the root. */
int kvm_mmu_topup_memory_caches(struct kvm_vcpu *vcpu)
{
	int min = PT64_ROOT_MAX_LEVEL;
	int r;

	r = kvm_mmu_topup_memory_cache(&vcpu->mmu_page_header_cache, min);
	if (r)
		return r;
	r = kvm_mmu_topup_memory_cache(&vcpu->mmu_shadow_page_cache, min);
	if (r)
		return r;
	if (vcpu->kvm->mirror_root)
		r = kvm_mmu_topup_memory_cache(&vcpu->mmu_external_spt_cache,
					       min);
	return r;
}

void kvm_mmu_free_memory_caches(struct kvm_vcpu *vcpu)
{
	kvm_mmu_free_memory_cache(&vcpu->mmu_page_header_cache);
	kvm_mmu_free_memory_cache(&vcpu->mmu_shadow_page_cache);
	kvm_mmu_free_memory_cache(&vcpu->mmu_external_spt_cache);
}

struct kvm *kvm_create_vm(int root_level, bool tdx)
{
	struct kvm *kvm;

	might_sleep();
	pthread_once(&mmu_init_once, kvm_mmu_vendor_module_init);
	if (root_level != PT64_ROOT_4LEVEL && root_level != PT64_ROOT_5LEVEL)
		return NULL;

	kvm = kzalloc(sizeof(*kvm), GFP_KERNEL_ACCOUNT);
	if (!kvm)
		return NULL;
	rwlock_init(&kvm->mmu_lock);
	spin_lock_init(&kvm->arch.tdp_mmu_pages_lock);
	INIT_LIST_HEAD(&kvm->arch.tdp_mmu_roots);
	INIT_LIST_HEAD(&kvm->arch.tdp_mmu_pages);
	kvm->root_level = root_level;

	if (tdx) {
		kvm->arch.td = tdx_td_create(root_level);
		if (!kvm->arch.td)
			goto err;
		kvm->x86_ops = &tdx_x86_ops;
		kvm->mirror_root = tdp_mmu_alloc_root(kvm, true);
		if (!kvm->mirror_root)
			goto err;
	}
	kvm->direct_root = tdp_mmu_alloc_root(kvm, false);
	if (!kvm->direct_root)
		goto err;
	return kvm;

err:
	kvm_destroy_vm(kvm);
	return NULL;
}

void kvm_destroy_vm(struct kvm *kvm)
{
	might_sleep();
	write_lock(&kvm->mmu_lock);
	kvm_tdp_mmu_zap_all(kvm);
	write_unlock(&kvm->mmu_lock);

	if (kvm->mirror_root)
		kvm_tdp_mmu_put_root(kvm, kvm->mirror_root);
	if (kvm->direct_root)
		kvm_tdp_mmu_put_root(kvm, kvm->direct_root);

	/* Page-table pages go back to the allocator before we return. */
	rcu_barrier();

	WARN_ON(!list_empty(&kvm->arch.tdp_mmu_pages));
	WARN_ON(!list_empty(&kvm->arch.tdp_mmu_roots));
	WARN_ON(tdx_td_destroy(kvm->arch.td));
	spin_lock_destroy(&kvm->arch.tdp_mmu_pages_lock);
	rwlock_destroy(&kvm->mmu_lock);
	kfree(kvm);
}
