/* SPDX-License-Identifier: MIT */
/*
 * Intel EPT as the hardware sees it (SDM Vol. 3C, "EPT translation
 * mechanism"): entry and EPTP layout, and a walker that translates a
 * guest-physical address the way the processor does, including EPT
 * violations with their exit qualification, EPT misconfigurations, and
 * accessed/dirty flag updates when the EPTP enables them.
 *
 * Host-physical addresses of tables are the userspace addresses of the
 * page arena (__pa()/__va() are the identity), so MAXPHYADDR defaults to 48.
 */
#ifndef _MMUREF_EPT_H
#define _MMUREF_EPT_H

#include <linux/kernel.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PT64_MAX_LEVELS_EPT	5

/* Paging-structure entry bits. */
#define EPT_READ		BIT_ULL(0)
#define EPT_WRITE		BIT_ULL(1)
#define EPT_EXEC		BIT_ULL(2)	/* supervisor-exec with MBEC */
#define EPT_RWX			(EPT_READ | EPT_WRITE | EPT_EXEC)
#define EPT_MT_SHIFT		3
#define EPT_MT_MASK		GENMASK_ULL(5, 3)
#define EPT_IPAT		BIT_ULL(6)
#define EPT_PAGE_SIZE		BIT_ULL(7)
#define EPT_ACCESSED		BIT_ULL(8)
#define EPT_DIRTY		BIT_ULL(9)
#define EPT_USER_EXEC		BIT_ULL(10)	/* only with MBEC */
#define EPT_SUPPRESS_VE		BIT_ULL(63)

/* Memory types (EPT leaf bits 5:3, EPTP bits 2:0). */
#define EPT_MT_UC		0ULL
#define EPT_MT_WC		1ULL
#define EPT_MT_WT		4ULL
#define EPT_MT_WP		5ULL
#define EPT_MT_WB		6ULL

/* EPTP bits. */
#define EPTP_MT_MASK		GENMASK_ULL(2, 0)
#define EPTP_PWL_SHIFT		3
#define EPTP_PWL_MASK		GENMASK_ULL(5, 3)
#define EPTP_AD_ENABLE		BIT_ULL(6)
#define EPTP_SSS_ENABLE		BIT_ULL(7)
#define EPTP_RSVD_MASK		GENMASK_ULL(11, 8)

/* Access types for ept_translate(). */
#define EPT_ACCESS_READ		BIT(0)
#define EPT_ACCESS_WRITE	BIT(1)
#define EPT_ACCESS_FETCH	BIT(2)
#define EPT_ACCESS_USER		BIT(3)	/* user-mode fetch, for MBEC */

/* Exit qualification of an EPT violation (SDM table "Exit Qualification for EPT Violations"). */
#define EPT_VIOL_ACC_READ	BIT_ULL(0)
#define EPT_VIOL_ACC_WRITE	BIT_ULL(1)
#define EPT_VIOL_ACC_INSTR	BIT_ULL(2)
#define EPT_VIOL_READABLE	BIT_ULL(3)
#define EPT_VIOL_WRITABLE	BIT_ULL(4)
#define EPT_VIOL_EXECUTABLE	BIT_ULL(5)
#define EPT_VIOL_USER_EXEC	BIT_ULL(6)

/* What the simulated processor supports (IA32_VMX_EPT_VPID_CAP etc.). */
struct ept_caps {
	int maxphyaddr;		/* 36..52 */
	bool exec_only;		/* execute-only translations supported */
	bool mbec;		/* mode-based execute control enabled */
	bool five_level;	/* 5-level EPT supported */
};
extern struct ept_caps ept_caps;
void ept_caps_reset(void);

enum ept_status {
	EPT_OK,
	EPT_VIOLATION,
	EPT_MISCONFIG,
	EPT_BAD_EPTP,		/* VM entry would have failed */
	EPT_BAD_GPA,		/* beyond the walk's reach */
};

/* Why a misconfiguration / bad EPTP was reported, for tests. */
enum ept_reason {
	EPT_R_NONE,
	EPT_R_NOT_PRESENT,
	EPT_R_PERMISSION,
	EPT_R_WRITE_NO_READ,
	EPT_R_EXEC_ONLY,
	EPT_R_RSVD_PA,		/* bits 51:MAXPHYADDR */
	EPT_R_RSVD_TOP,		/* bits 7:3 of a PML5E/PML4E */
	EPT_R_RSVD_NONLEAF,	/* bits 6:3 of a PDPTE/PDE referencing a table */
	EPT_R_RSVD_HUGE,	/* address bits below a 1G/2M page's alignment */
	EPT_R_MEMTYPE,		/* leaf memory type 2, 3 or 7 */
	EPT_R_EPTP_MEMTYPE,
	EPT_R_EPTP_WALK,
	EPT_R_EPTP_RSVD,
};

struct ept_walk {
	enum ept_status status;
	enum ept_reason reason;
	u64 hpa;		/* EPT_OK: host-physical address */
	int level;		/* leaf level (OK) or level that failed */
	u64 entry;		/* the leaf / failing entry */
	u64 exit_qual;		/* EPT_VIOLATION */
	u64 perms;		/* cumulative R/W/X (+ EPT_USER_EXEC) */
};

static inline u64 ept_make_eptp(phys_addr_t root, int levels, bool ad)
{
	return root | EPT_MT_WB | ((u64)(levels - 1) << EPTP_PWL_SHIFT) |
	       (ad ? EPTP_AD_ENABLE : 0);
}

/* Host-physical address bits valid under the current MAXPHYADDR. */
u64 ept_pa_mask(void);

/*
 * Translate @gpa for @access (EPT_ACCESS_*) through the tables of @eptp.
 * Safe to run concurrently with updates of the tables (callers keep the
 * tables alive, e.g. with rcu_read_lock()).
 */
enum ept_status ept_translate(u64 eptp, u64 gpa, unsigned int access,
			      struct ept_walk *walk);

#ifdef __cplusplus
}
#endif

#endif /* _MMUREF_EPT_H */
