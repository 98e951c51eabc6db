/* SPDX-License-Identifier: MIT */
/* Test hooks of the allocator: accounting and fault injection. */
#ifndef _MMUREF_ALLOC_H
#define _MMUREF_ALLOC_H

#ifdef __cplusplus
extern "C" {
#endif

/* Objects and pages currently allocated (0 when nothing leaks). */
long mmuref_alloc_live_objects(void);
long mmuref_alloc_live_pages(void);
/* Allocation attempts since start. */
long mmuref_alloc_attempts(void);

/* Fail the @n-th allocation attempt from now (1 = the next one). */
void mmuref_fail_nth_alloc(long n);
/*
 * Fail the @nth allocation attempt (1-based, counted from now) made by the
 * function named @func, e.g. ("tdp_mmu_alloc_sp_for_split", 3).
 */
void mmuref_fail_alloc_at(const char *func, long nth);
/* Disarm; returns how many allocations were failed since arming. */
long mmuref_fault_inject_reset(void);

/* Allocation attempts per site since the last reset (for test discovery). */
long mmuref_alloc_attempts_at(const char *func);
void mmuref_alloc_site_stats_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_ALLOC_H */
