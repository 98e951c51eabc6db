/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: ID allocator (corpus addition). idr_alloc()
 * allocates with its gfp_t (last argument), so it may sleep when that allows
 * direct reclaim. idr_preload() fills a per-CPU cache and disables preemption
 * until idr_preload_end(); the idr_alloc(..., GFP_ATOMIC/GFP_NOWAIT) in
 * between then takes from the cache.
 */
#ifndef _MINI_LINUX_IDR_H
#define _MINI_LINUX_IDR_H

#include <linux/gfp.h>

struct idr { void *idr_rt; unsigned int idr_base; unsigned int idr_next; };

void idr_preload(gfp_t gfp_mask);
void idr_preload_end(void);
int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);
void *idr_remove(struct idr *idr, unsigned long id);
void *idr_find(const struct idr *idr, unsigned long id);
void idr_init(struct idr *idr);

#endif
