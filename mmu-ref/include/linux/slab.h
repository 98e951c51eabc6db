/* SPDX-License-Identifier: MIT */
/*
 * Slab allocator names over malloc, with live-object accounting (leak
 * checks) and fault injection (see mmuref/alloc.h).
 */
#ifndef _MMUREF_LINUX_SLAB_H
#define _MMUREF_LINUX_SLAB_H

#include <linux/gfp.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned long flags,
				     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);

void *kzalloc(size_t size, gfp_t gfp);
void kfree(const void *obj);

#define kmem_cache_zalloc(cache, gfp) \
	(mmuref_alloc_site(__func__), kmem_cache_zalloc(cache, gfp))
#define kzalloc(size, gfp) \
	(mmuref_alloc_site(__func__), kzalloc(size, gfp))

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_LINUX_SLAB_H */
