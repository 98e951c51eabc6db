/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: slab allocation (may sleep per its gfp_t). */
#ifndef _MINI_LINUX_SLAB_H
#define _MINI_LINUX_SLAB_H

#include <linux/gfp.h>

struct kmem_cache;
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t flags);
static inline void *kmem_cache_zalloc(struct kmem_cache *k, gfp_t flags)
{
	return kmem_cache_alloc(k, flags | __GFP_ZERO);
}
void kfree(const void *p);
void kmem_cache_free(struct kmem_cache *cachep, void *objp);
void *vmalloc(unsigned long size);
void *kvmalloc(size_t size, gfp_t flags);
void vfree(const void *addr);

#endif
