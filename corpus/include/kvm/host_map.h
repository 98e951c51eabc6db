/* SPDX-License-Identifier: MIT */
/*
 * rcuctx corpus: mapping one guest page into the host (kvm_vcpu_map() /
 * kvm_vcpu_unmap() of virt/kvm/kvm_main.c) and marking a guest page dirty
 * (corpus addition, case 34). The map pins the page as hva_to_pfn() does, so it
 * may sleep (case 39).
 *
 * Written for the corpus as static inlines over <kvm/guest_access.h>, so that
 * a single-file analysis sees what matters: both ends look the guest frame up
 * in the memslots (kvm_vcpu_gfn_to_memslot(), i.e. kvm->srcu), the map to find
 * the page, the unmap (with dirty=true) to log the write for dirty tracking.
 * Getting and releasing the page itself is left to out-of-line helpers.
 */
#ifndef _MINI_KVM_HOST_MAP_H
#define _MINI_KVM_HOST_MAP_H

#include <kvm/guest_access.h>

struct kvm_host_map {
	void *hva;
	kvm_pfn_t pfn;
	gfn_t gfn;
};

/* The pin of hva_to_pfn()'s slow path: faults the page in, may sleep. */
long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages, void **pages,
			     unsigned int gup_flags);
/* Maps a pinned page into the kernel (NULL on failure). */
void *__kvm_kmap_page(void *page, kvm_pfn_t *pfn);

/* Pins the page behind @hva and maps it into the kernel (NULL on failure). */
static inline void *__kvm_map_hva(unsigned long hva, kvm_pfn_t *pfn)
{
	void *page;

	if (get_user_pages_unlocked(hva, 1, &page, 0) != 1)
		return NULL;
	return __kvm_kmap_page(page, pfn);
}
void __kvm_unmap_hva(void *kaddr);
void kvm_release_pfn(kvm_pfn_t pfn, bool dirty);
/* Sets the bit of @gfn in @slot's dirty bitmap (nothing when @slot is NULL). */
void mark_page_dirty_in_slot(struct kvm *kvm, const struct kvm_memory_slot *slot, gfn_t gfn);

static inline void kvm_vcpu_mark_page_dirty(struct kvm_vcpu *vcpu, gfn_t gfn)
{
	mark_page_dirty_in_slot(vcpu->kvm, kvm_vcpu_gfn_to_memslot(vcpu, gfn), gfn);
}

static inline int kvm_vcpu_map(struct kvm_vcpu *vcpu, gfn_t gfn, struct kvm_host_map *map)
{
	struct kvm_memory_slot *slot = kvm_vcpu_gfn_to_memslot(vcpu, gfn);
	unsigned long hva = slot ? __gfn_to_hva_memslot(slot, gfn) : 0;

	if (!hva)
		return -EFAULT;
	map->hva = __kvm_map_hva(hva, &map->pfn);
	if (!map->hva)
		return -EFAULT;
	map->gfn = gfn;
	return 0;
}

static inline void kvm_vcpu_unmap(struct kvm_vcpu *vcpu, struct kvm_host_map *map, bool dirty)
{
	if (!map->hva)
		return;
	__kvm_unmap_hva(map->hva);
	if (dirty)
		kvm_vcpu_mark_page_dirty(vcpu, map->gfn);
	kvm_release_pfn(map->pfn, dirty);
	map->hva = NULL;
}

#endif
