/* SPDX-License-Identifier: MIT */
#ifndef _MMUREF_LINUX_TYPES_H
#define _MMUREF_LINUX_TYPES_H

/*
 * Shadows the UAPI <linux/types.h>; system headers that include it still
 * need its __u32 etc.
 */
#include_next <linux/types.h>

#include <stdint.h>
#include <stddef.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

#include <linux/compiler.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;

/* KVM address types, used throughout mmu-ref. */
typedef u64 gfn_t;
typedef u64 gpa_t;
typedef u64 hpa_t;
typedef u64 kvm_pfn_t;

/* Allocation context flags; see linux/gfp.h. */
typedef unsigned int gfp_t;

#endif /* _MMUREF_LINUX_TYPES_H */
