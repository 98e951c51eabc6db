// SPDX-License-Identifier: MIT
// The EPT walker against the SDM's rules, one test per rule, on hand-built
// tables: gpa kGpa goes through PML4E/PDPTE/PDE/PTE at fixed indices.
#include "util.h"

using namespace mmuref_test;

namespace {

constexpr u64 kGpa = (1ULL << 39) * 1 + (1ULL << 30) * 2 + (1ULL << 21) * 3 +
		     (1ULL << 12) * 4 + 0x56;
constexpr u64 kHpa = 0x123456000ULL;
constexpr u64 kLeafOk = EPT_RWX | (EPT_MT_WB << EPT_MT_SHIFT);

class Ept : public ::testing::Test {
protected:
	u64 *pml5, *pml4, *pdpt, *pd, *pt;

	static u64 *page()
	{
		return (u64 *)get_zeroed_page(GFP_KERNEL);
	}
	void SetUp() override
	{
		ept_caps_reset();
		pml5 = page();
		pml4 = page();
		pdpt = page();
		pd = page();
		pt = page();
		pml5[0] = __pa(pml4) | EPT_RWX;
		pml4[1] = __pa(pdpt) | EPT_RWX;
		pdpt[2] = __pa(pd) | EPT_RWX;
		pd[3] = __pa(pt) | EPT_RWX;
		pt[4] = kHpa | kLeafOk;
	}
	void TearDown() override
	{
		for (u64 *p : {pml5, pml4, pdpt, pd, pt})
			free_page((unsigned long)p);
		ept_caps_reset();
	}
	u64 eptp(bool ad = false, int levels = 4) const
	{
		return ept_make_eptp(__pa(levels == 5 ? pml5 : pml4), levels,
				     ad);
	}
	enum ept_status go(unsigned int access, struct ept_walk *w,
			   u64 gpa = kGpa) const
	{
		return ept_translate(eptp(), gpa, access, w);
	}
};

} // namespace

TEST_F(Ept, FourLevelTranslation)
{
	struct ept_walk w;

	ASSERT_EQ(go(EPT_ACCESS_READ, &w), EPT_OK);
	EXPECT_EQ(w.hpa, kHpa | 0x56);
	EXPECT_EQ(w.level, 1);
	EXPECT_EQ(w.perms & EPT_RWX, EPT_RWX);
}

TEST_F(Ept, FiveLevelTranslation)
{
	struct ept_walk w;

	ASSERT_EQ(ept_translate(eptp(false, 5), kGpa, EPT_ACCESS_READ, &w),
		  EPT_OK);
	EXPECT_EQ(w.hpa, kHpa | 0x56);
	// A GPA needing bit 48+ is only reachable with 5 levels.
	EXPECT_EQ(ept_translate(eptp(false, 4), 1ULL << 48, EPT_ACCESS_READ,
				&w), EPT_BAD_GPA);
	pml5[1] = __pa(pml4) | EPT_RWX;
	EXPECT_EQ(ept_translate(eptp(false, 5), (1ULL << 48) + kGpa,
				EPT_ACCESS_READ, &w), EPT_OK);
}

TEST_F(Ept, OneGigLeaf)
{
	struct ept_walk w;

	pdpt[2] = (5ULL << 30) | kLeafOk | EPT_PAGE_SIZE;
	ASSERT_EQ(go(EPT_ACCESS_READ, &w), EPT_OK);
	EXPECT_EQ(w.level, 3);
	EXPECT_EQ(w.hpa, (5ULL << 30) | (kGpa & ((1ULL << 30) - 1)));
}

TEST_F(Ept, TwoMegLeaf)
{
	struct ept_walk w;

	pd[3] = (7ULL << 21) | kLeafOk | EPT_PAGE_SIZE;
	ASSERT_EQ(go(EPT_ACCESS_READ, &w), EPT_OK);
	EXPECT_EQ(w.level, 2);
	EXPECT_EQ(w.hpa, (7ULL << 21) | (kGpa & ((1ULL << 21) - 1)));
}

// "An entry is not present if bits 2:0 are all 0": EPT violation, and the
// exit qualification reports no permission (AND includes that entry).
TEST_F(Ept, NotPresentIsViolation)
{
	struct ept_walk w;

	pd[3] = __pa(pt);	// address but no R/W/X
	ASSERT_EQ(go(EPT_ACCESS_READ, &w), EPT_VIOLATION);
	EXPECT_EQ(w.reason, EPT_R_NOT_PRESENT);
	EXPECT_EQ(w.level, 2);
	EXPECT_EQ(w.exit_qual, EPT_VIOL_ACC_READ);
}

// Other bits of a not-present entry are ignored: no misconfiguration.
TEST_F(Ept, NotPresentIgnoresOtherBits)
{
	struct ept_walk w;

	pt[4] = GENMASK_ULL(63, 3) & ~EPT_USER_EXEC;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_VIOLATION);
}

TEST_F(Ept, WriteWithoutReadIsMisconfig)
{
	struct ept_walk w;

	pt[4] = kHpa | EPT_WRITE | (EPT_MT_WB << EPT_MT_SHIFT);
	ASSERT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
	EXPECT_EQ(w.reason, EPT_R_WRITE_NO_READ);
	// Also for write+execute without read, and in a non-leaf entry.
	pt[4] = kHpa | EPT_WRITE | EPT_EXEC | (EPT_MT_WB << EPT_MT_SHIFT);
	EXPECT_EQ(go(EPT_ACCESS_FETCH, &w), EPT_MISCONFIG);
	pt[4] = kHpa | kLeafOk;
	pdpt[2] = __pa(pd) | EPT_WRITE;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
	EXPECT_EQ(w.level, 3);
}

TEST_F(Ept, ExecuteOnlyNeedsSupport)
{
	struct ept_walk w;

	pt[4] = kHpa | EPT_EXEC | (EPT_MT_WB << EPT_MT_SHIFT);
	ept_caps.exec_only = true;
	EXPECT_EQ(go(EPT_ACCESS_FETCH, &w), EPT_OK);
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_VIOLATION);
	ept_caps.exec_only = false;
	EXPECT_EQ(go(EPT_ACCESS_FETCH, &w), EPT_MISCONFIG);
	EXPECT_EQ(w.reason, EPT_R_EXEC_ONLY);
}

class EptMemType : public Ept, public ::testing::WithParamInterface<int> {};

// Leaf memory types 2, 3 and 7 are reserved; 0, 1, 4, 5, 6 are valid.
TEST_P(EptMemType, LeafMemoryType)
{
	int mt = GetParam();
	bool reserved = mt == 2 || mt == 3 || mt == 7;
	struct ept_walk w;

	pt[4] = kHpa | EPT_RWX | ((u64)mt << EPT_MT_SHIFT);
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), reserved ? EPT_MISCONFIG : EPT_OK);
	if (reserved)
		EXPECT_EQ(w.reason, EPT_R_MEMTYPE);
	// Also checked on huge leaves.
	pd[3] = (7ULL << 21) | EPT_RWX | EPT_PAGE_SIZE |
		((u64)mt << EPT_MT_SHIFT);
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), reserved ? EPT_MISCONFIG : EPT_OK);
}
INSTANTIATE_TEST_SUITE_P(AllTypes, EptMemType, ::testing::Range(0, 8));

// Bits 7:3 of a PML4E (and PML5E) are reserved: no 512G pages.
TEST_F(Ept, PageSizeInPml4eIsMisconfig)
{
	struct ept_walk w;

	pml4[1] |= EPT_PAGE_SIZE;
	ASSERT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
	EXPECT_EQ(w.reason, EPT_R_RSVD_TOP);
	EXPECT_EQ(w.level, 4);
	pml4[1] &= ~EPT_PAGE_SIZE;
	pml5[0] |= EPT_PAGE_SIZE;
	EXPECT_EQ(ept_translate(eptp(false, 5), kGpa, EPT_ACCESS_READ, &w),
		  EPT_MISCONFIG);
	EXPECT_EQ(w.level, 5);
}

TEST_F(Ept, MemTypeBitsInPml4eAreMisconfig)
{
	struct ept_walk w;

	pml4[1] |= 6ULL << EPT_MT_SHIFT;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
}

// Bits 6:3 are reserved in a PDPTE/PDE that references a table.
TEST_F(Ept, ReservedBitsInNonLeafPde)
{
	struct ept_walk w;

	for (int bit = 3; bit <= 6; bit++) {
		pd[3] = __pa(pt) | EPT_RWX | (1ULL << bit);
		EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG) << bit;
		EXPECT_EQ(w.reason, EPT_R_RSVD_NONLEAF);
	}
	pd[3] = __pa(pt) | EPT_RWX;
	pdpt[2] |= 1ULL << 4;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
}

// Address bits 51:MAXPHYADDR are reserved in every entry.
TEST_F(Ept, ReservedBitsAboveMaxPhyAddr)
{
	struct ept_walk w;

	ept_caps.maxphyaddr = 48;
	pt[4] = kHpa | kLeafOk | (1ULL << 50);
	ASSERT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
	EXPECT_EQ(w.reason, EPT_R_RSVD_PA);
	ept_caps.maxphyaddr = 52;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_OK);
	ept_caps.maxphyaddr = 48;
	pt[4] = kHpa | kLeafOk;
	pdpt[2] |= 1ULL << 48;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
	EXPECT_EQ(w.level, 3);
}

// A 1G leaf's bits 29:12 and a 2M leaf's bits 20:12 are reserved.
TEST_F(Ept, ReservedBitsInHugeLeaves)
{
	struct ept_walk w;

	pdpt[2] = (5ULL << 30) | (1ULL << 12) | kLeafOk | EPT_PAGE_SIZE;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
	EXPECT_EQ(w.reason, EPT_R_RSVD_HUGE);
	pdpt[2] = (5ULL << 30) | (1ULL << 29) | kLeafOk | EPT_PAGE_SIZE;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
	pdpt[2] = __pa(pd) | EPT_RWX;
	pd[3] = (7ULL << 21) | (1ULL << 20) | kLeafOk | EPT_PAGE_SIZE;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_MISCONFIG);
	EXPECT_EQ(w.reason, EPT_R_RSVD_HUGE);
}

// Bit 7 of a PTE is ignored (there is no page-size choice at 4K).
TEST_F(Ept, PageSizeBitIgnoredInPte)
{
	struct ept_walk w;

	pt[4] |= EPT_PAGE_SIZE;
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_OK);
}

// Bits 62:52 (software-available / disabled features) and suppress-#VE
// do not affect a present translation.
TEST_F(Ept, IgnoredHighBits)
{
	struct ept_walk w;

	pt[4] |= GENMASK_ULL(63, 52);
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_OK);
	EXPECT_EQ(w.hpa, kHpa | 0x56);
}

// Access rights are the AND over all entries of the walk.
TEST_F(Ept, PermissionsAreAndedAcrossLevels)
{
	struct ept_walk w;

	pdpt[2] = __pa(pd) | EPT_READ | EPT_EXEC;	// no write at 1G level
	EXPECT_EQ(go(EPT_ACCESS_READ, &w), EPT_OK);
	ASSERT_EQ(go(EPT_ACCESS_WRITE, &w), EPT_VIOLATION);
	EXPECT_EQ(w.reason, EPT_R_PERMISSION);
	EXPECT_EQ(w.exit_qual, EPT_VIOL_ACC_WRITE | EPT_VIOL_READABLE |
			       EPT_VIOL_EXECUTABLE);
}

TEST_F(Ept, ViolationQualificationPerAccess)
{
	struct ept_walk w;

	pt[4] = kHpa | EPT_READ | (EPT_MT_WB << EPT_MT_SHIFT);
	ASSERT_EQ(go(EPT_ACCESS_FETCH, &w), EPT_VIOLATION);
	EXPECT_EQ(w.exit_qual, EPT_VIOL_ACC_INSTR | EPT_VIOL_READABLE);
	ASSERT_EQ(go(EPT_ACCESS_WRITE, &w), EPT_VIOLATION);
	EXPECT_EQ(w.exit_qual, EPT_VIOL_ACC_WRITE | EPT_VIOL_READABLE);
	pt[4] = kHpa | EPT_EXEC | (EPT_MT_WB << EPT_MT_SHIFT);
	ASSERT_EQ(go(EPT_ACCESS_READ, &w), EPT_VIOLATION);
	EXPECT_EQ(w.exit_qual, EPT_VIOL_ACC_READ | EPT_VIOL_EXECUTABLE);
}

// With mode-based execute control, bit 2 is supervisor and bit 10 user
// execute, and an entry with only bit 10 is present.
TEST_F(Ept, ModeBasedExecuteControl)
{
	struct ept_walk w;

	ept_caps.mbec = true;
	pt[4] = kHpa | EPT_READ | EPT_USER_EXEC | (EPT_MT_WB << EPT_MT_SHIFT);
	pml4[1] |= EPT_USER_EXEC;
	pdpt[2] |= EPT_USER_EXEC;
	pd[3] |= EPT_USER_EXEC;
	EXPECT_EQ(go(EPT_ACCESS_FETCH | EPT_ACCESS_USER, &w), EPT_OK);
	ASSERT_EQ(go(EPT_ACCESS_FETCH, &w), EPT_VIOLATION);
	EXPECT_EQ(w.exit_qual, EPT_VIOL_ACC_INSTR | EPT_VIOL_READABLE |
			       EPT_VIOL_USER_EXEC);
	ept_caps.mbec = false;
	// Without MBEC bit 10 is ignored and bit 2 governs all fetches.
	EXPECT_EQ(go(EPT_ACCESS_FETCH | EPT_ACCESS_USER, &w), EPT_VIOLATION);
}

// With A/D enabled, the accessed flag is set in every entry used, and the
// dirty flag in the leaf on a write only.
TEST_F(Ept, AccessedAndDirtyFlags)
{
	struct ept_walk w;

	ASSERT_EQ(ept_translate(eptp(true), kGpa, EPT_ACCESS_READ, &w), EPT_OK);
	for (u64 e : {pml4[1], pdpt[2], pd[3], pt[4]})
		EXPECT_TRUE(e & EPT_ACCESSED);
	EXPECT_FALSE(pt[4] & EPT_DIRTY);
	EXPECT_FALSE(pd[3] & EPT_DIRTY);
	ASSERT_EQ(ept_translate(eptp(true), kGpa, EPT_ACCESS_WRITE, &w), EPT_OK);
	EXPECT_TRUE(pt[4] & EPT_DIRTY);
	EXPECT_FALSE(pd[3] & EPT_DIRTY);
}

TEST_F(Ept, NoFlagsWithoutAdEnable)
{
	struct ept_walk w;

	ASSERT_EQ(go(EPT_ACCESS_WRITE, &w), EPT_OK);
	for (u64 e : {pml4[1], pdpt[2], pd[3], pt[4]})
		EXPECT_FALSE(e & (EPT_ACCESSED | EPT_DIRTY));
}

// A failing translation sets no flags.
TEST_F(Ept, NoFlagsOnViolation)
{
	struct ept_walk w;

	pt[4] = kHpa | EPT_READ | (EPT_MT_WB << EPT_MT_SHIFT);
	ASSERT_EQ(ept_translate(eptp(true), kGpa, EPT_ACCESS_WRITE, &w),
		  EPT_VIOLATION);
	EXPECT_FALSE(pt[4] & (EPT_ACCESSED | EPT_DIRTY));
}

// EPTP: memory type UC or WB, walk length 4 or 5, bits 11:7 reserved.
TEST_F(Ept, EptpChecks)
{
	struct ept_walk w;
	u64 good = eptp();

	EXPECT_EQ(ept_translate((good & ~EPTP_MT_MASK) | 1, kGpa,
				EPT_ACCESS_READ, &w), EPT_BAD_EPTP);
	EXPECT_EQ(w.reason, EPT_R_EPTP_MEMTYPE);
	EXPECT_EQ(ept_translate(good & ~EPTP_MT_MASK, kGpa, EPT_ACCESS_READ,
				&w), EPT_OK);	// UC is fine
	EXPECT_EQ(ept_translate((good & ~EPTP_PWL_MASK) | (2ULL << 3), kGpa,
				EPT_ACCESS_READ, &w), EPT_BAD_EPTP);
	EXPECT_EQ(w.reason, EPT_R_EPTP_WALK);
	EXPECT_EQ(ept_translate(good | (1ULL << 9), kGpa, EPT_ACCESS_READ, &w),
		  EPT_BAD_EPTP);
	EXPECT_EQ(w.reason, EPT_R_EPTP_RSVD);
	ept_caps.five_level = false;
	EXPECT_EQ(ept_translate(eptp(false, 5), kGpa, EPT_ACCESS_READ, &w),
		  EPT_BAD_EPTP);
}
