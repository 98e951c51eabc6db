// SPDX-License-Identifier: MIT
/*
 * The EPT walker.  It follows the SDM's rules, in the SDM's order:
 *  - an entry is present iff any of bits 2:0 is set (or bit 10 with MBEC);
 *    a not-present entry ends the walk with an EPT violation;
 *  - a present entry is checked for misconfiguration before it is used:
 *    write without read, execute-only without support, reserved address
 *    bits, reserved bits 7:3 in PML5E/PML4E, 6:3 in non-leaf PDPTE/PDE,
 *    address bits below the alignment of a 1G/2M page, and leaf memory
 *    types 2, 3 and 7;
 *  - permissions are the AND over every entry of the walk; an access they
 *    do not allow is an EPT violation whose exit qualification reports the
 *    access and those permissions;
 *  - with A/D enabled in the EPTP a successful translation sets the
 *    accessed flag in every entry used, and the dirty flag in the leaf on
 *    a write.  Like the processor these are locked read-modify-writes; if
 *    an entry changed underneath, the walk restarts.
 */
#include "ept.h"
#include <linux/gfp.h>

struct ept_caps ept_caps = {
	.maxphyaddr = 48,
	.exec_only = true,
	.mbec = false,
	.five_level = true,
};

void ept_caps_reset(void)
{
	ept_caps.maxphyaddr = 48;
	ept_caps.exec_only = true;
	ept_caps.mbec = false;
	ept_caps.five_level = true;
}

u64 ept_pa_mask(void)
{
	return GENMASK_ULL(ept_caps.maxphyaddr - 1, 12);
}

static u64 rsvd_pa_bits(void)
{
	if (ept_caps.maxphyaddr >= 52)
		return 0;
	return GENMASK_ULL(51, ept_caps.maxphyaddr);
}

static bool ept_present(u64 e)
{
	return (e & EPT_RWX) || (ept_caps.mbec && (e & EPT_USER_EXEC));
}

static bool ept_is_leaf(u64 e, int level)
{
	return level == 1 ||
	       ((level == 2 || level == 3) && (e & EPT_PAGE_SIZE));
}

static enum ept_reason ept_misconfig(u64 e, int level)
{
	u64 mt;

	if ((e & EPT_WRITE) && !(e & EPT_READ))
		return EPT_R_WRITE_NO_READ;
	if ((e & EPT_RWX) == EPT_EXEC && !ept_caps.exec_only)
		return EPT_R_EXEC_ONLY;
	if (e & rsvd_pa_bits())
		return EPT_R_RSVD_PA;
	if (level >= 4) {
		if (e & GENMASK_ULL(7, 3))
			return EPT_R_RSVD_TOP;
		return EPT_R_NONE;
	}
	if (!ept_is_leaf(e, level)) {
		if (e & GENMASK_ULL(6, 3))
			return EPT_R_RSVD_NONLEAF;
		return EPT_R_NONE;
	}
	if (level == 3 && (e & GENMASK_ULL(29, 12)))
		return EPT_R_RSVD_HUGE;
	if (level == 2 && (e & GENMASK_ULL(20, 12)))
		return EPT_R_RSVD_HUGE;
	mt = (e & EPT_MT_MASK) >> EPT_MT_SHIFT;
	if (mt == 2 || mt == 3 || mt == 7)
		return EPT_R_MEMTYPE;
	return EPT_R_NONE;
}

static u64 leaf_offset_mask(int level)
{
	return (1ULL << (12 + 9 * (level - 1))) - 1;
}

static enum ept_status check_eptp(u64 eptp, int *levels,
				  struct ept_walk *walk)
{
	u64 mt = eptp & EPTP_MT_MASK;

	*levels = (int)((eptp & EPTP_PWL_MASK) >> EPTP_PWL_SHIFT) + 1;
	walk->status = EPT_BAD_EPTP;
	if (mt != EPT_MT_UC && mt != EPT_MT_WB)
		walk->reason = EPT_R_EPTP_MEMTYPE;
	else if (*levels != 4 && !(*levels == 5 && ept_caps.five_level))
		walk->reason = EPT_R_EPTP_WALK;
	else if ((eptp & (EPTP_RSVD_MASK | EPTP_SSS_ENABLE)) ||
		 (eptp & ~GENMASK_ULL(ept_caps.maxphyaddr - 1, 0)))
		walk->reason = EPT_R_EPTP_RSVD;
	else
		walk->status = EPT_OK;
	return walk->status;
}

static bool access_allowed(u64 perms, unsigned int access)
{
	if ((access & EPT_ACCESS_READ) && !(perms & EPT_READ))
		return false;
	if ((access & EPT_ACCESS_WRITE) && !(perms & EPT_WRITE))
		return false;
	if (access & EPT_ACCESS_FETCH) {
		if (ept_caps.mbec && (access & EPT_ACCESS_USER))
			return !!(perms & EPT_USER_EXEC);
		return !!(perms & EPT_EXEC);
	}
	return true;
}

static u64 violation_qual(u64 perms, unsigned int access)
{
	u64 q = 0;

	if (access & EPT_ACCESS_READ)
		q |= EPT_VIOL_ACC_READ;
	if (access & EPT_ACCESS_WRITE)
		q |= EPT_VIOL_ACC_WRITE;
	if (access & EPT_ACCESS_FETCH)
		q |= EPT_VIOL_ACC_INSTR;
	if (perms & EPT_READ)
		q |= EPT_VIOL_READABLE;
	if (perms & EPT_WRITE)
		q |= EPT_VIOL_WRITABLE;
	if (perms & EPT_EXEC)
		q |= EPT_VIOL_EXECUTABLE;
	if (ept_caps.mbec && (perms & EPT_USER_EXEC))
		q |= EPT_VIOL_USER_EXEC;
	return q;
}

/* Set @bits in *@ptep if it still holds @seen; false if it changed. */
static bool ept_set_flags(u64 *ptep, u64 seen, u64 bits)
{
	u64 cur = seen;

	if ((seen & bits) == bits)
		return true;
	while (!__atomic_compare_exchange_n(ptep, &cur, cur | bits, false,
					    __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST)) {
		/* Only a concurrent A/D update is benign. */
		if ((cur | EPT_ACCESSED | EPT_DIRTY) !=
		    (seen | EPT_ACCESSED | EPT_DIRTY))
			return false;
	}
	return true;
}

enum ept_status ept_translate(u64 eptp, u64 gpa, unsigned int access,
			      struct ept_walk *walk)
{
	u64 *path[PT64_MAX_LEVELS_EPT];
	u64 seen[PT64_MAX_LEVELS_EPT];
	int levels, level, n;
	u64 table, e, perms;

	walk->reason = EPT_R_NONE;
	walk->hpa = 0;
	walk->exit_qual = 0;
	walk->entry = 0;
	walk->perms = 0;
	walk->level = 0;
	if (check_eptp(eptp, &levels, walk) != EPT_OK)
		return walk->status;
	if (gpa >> (12 + 9 * levels)) {
		walk->status = EPT_BAD_GPA;
		return walk->status;
	}

restart:
	table = eptp & ept_pa_mask();
	perms = EPT_RWX | (ept_caps.mbec ? EPT_USER_EXEC : 0);
	n = 0;
	for (level = levels; level >= 1; level--) {
		u64 *ptep = (u64 *)__va(table) +
			    ((gpa >> (12 + 9 * (level - 1))) & 511);

		e = __atomic_load_n(ptep, __ATOMIC_ACQUIRE);
		walk->level = level;
		walk->entry = e;
		if (!ept_present(e)) {
			walk->status = EPT_VIOLATION;
			walk->reason = EPT_R_NOT_PRESENT;
			walk->exit_qual = violation_qual(0, access);
			return walk->status;
		}
		walk->reason = ept_misconfig(e, level);
		if (walk->reason != EPT_R_NONE) {
			walk->status = EPT_MISCONFIG;
			return walk->status;
		}
		perms &= e & (EPT_RWX | EPT_USER_EXEC);
		path[n] = ptep;
		seen[n++] = e;
		if (ept_is_leaf(e, level))
			break;
		table = e & ept_pa_mask();
	}

	walk->perms = perms;
	if (!access_allowed(perms, access)) {
		walk->status = EPT_VIOLATION;
		walk->reason = EPT_R_PERMISSION;
		walk->exit_qual = violation_qual(perms, access);
		return walk->status;
	}

	if (eptp & EPTP_AD_ENABLE) {
		int i;

		for (i = 0; i < n; i++) {
			u64 bits = EPT_ACCESSED;

			if (i == n - 1 && (access & EPT_ACCESS_WRITE))
				bits |= EPT_DIRTY;
			if (!ept_set_flags(path[i], seen[i], bits))
				goto restart;
		}
	}

	walk->status = EPT_OK;
	walk->hpa = (e & ept_pa_mask() & ~leaf_offset_mask(walk->level)) |
		    (gpa & leaf_offset_mask(walk->level));
	return walk->status;
}
