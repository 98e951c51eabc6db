// SPDX-License-Identifier: MIT
// SPTE encoding: one test per property the MMU relies on.
#include "util.h"

using namespace mmuref_test;

TEST(Spte, NonPresentValueIsBit63Only)
{
	EXPECT_EQ(SHADOW_NONPRESENT_VALUE, 1ULL << 63);
	EXPECT_FALSE(is_shadow_present_pte(SHADOW_NONPRESENT_VALUE));
	// Not present to hardware either: R/W/X clear.
	EXPECT_EQ(SHADOW_NONPRESENT_VALUE & EPT_RWX, 0ULL);
}

TEST(Spte, FrozenIsNeitherPresentNorNonPresentValue)
{
	EXPECT_TRUE(is_frozen_spte(FROZEN_SPTE));
	EXPECT_FALSE(is_shadow_present_pte(FROZEN_SPTE));
	EXPECT_EQ(FROZEN_SPTE & EPT_RWX, 0ULL);
	EXPECT_NE(FROZEN_SPTE, SHADOW_NONPRESENT_VALUE);
	EXPECT_FALSE(is_frozen_spte(SHADOW_NONPRESENT_VALUE));
	EXPECT_FALSE(is_frozen_spte(make_spte(1, 0x1234, ACC_ALL, true)));
}

TEST(Spte, LeafFields)
{
	u64 spte = make_spte(PG_LEVEL_4K, 0x1234, ACC_READ_MASK | ACC_WRITE_MASK,
			     true);

	EXPECT_TRUE(is_shadow_present_pte(spte));
	EXPECT_TRUE(is_last_spte(spte, PG_LEVEL_4K));
	EXPECT_FALSE(is_large_pte(spte));
	EXPECT_EQ(spte_to_pfn(spte), 0x1234ULL);
	EXPECT_EQ(spte & SPTE_PERM_MASK, ACC_READ_MASK | ACC_WRITE_MASK);
	EXPECT_TRUE(is_writable_pte(spte));
	EXPECT_TRUE(is_accessed_spte(spte));
	EXPECT_TRUE(is_dirty_spte(spte));
	EXPECT_EQ(spte & EPT_MT_MASK, EPT_MT_WB << EPT_MT_SHIFT);
	EXPECT_TRUE(spte & EPT_IPAT);
	EXPECT_TRUE(spte & SPTE_HOST_WRITABLE);
	EXPECT_TRUE(spte & SPTE_MMU_WRITABLE);
	EXPECT_FALSE(spte & SHADOW_NONPRESENT_VALUE);
}

TEST(Spte, ReadIsImpliedAndNotDirtyWithoutWrite)
{
	u64 spte = make_spte(PG_LEVEL_4K, 1, ACC_EXEC_MASK, true);

	EXPECT_EQ(spte & SPTE_PERM_MASK, ACC_READ_MASK | ACC_EXEC_MASK);
	EXPECT_FALSE(is_dirty_spte(spte));
	EXPECT_FALSE(spte & SPTE_MMU_WRITABLE);
}

TEST(Spte, HugeLeavesHavePageSize)
{
	EXPECT_TRUE(is_large_pte(make_spte(PG_LEVEL_2M, 512, ACC_ALL, false)));
	EXPECT_TRUE(is_large_pte(make_spte(PG_LEVEL_1G, 1 << 18, ACC_ALL,
					   false)));
	EXPECT_TRUE(is_last_spte(make_spte(PG_LEVEL_2M, 0, ACC_ALL, false),
				 PG_LEVEL_2M));
}

TEST(Spte, NonLeafHasNoReservedBits)
{
	alignas(4096) static u64 table[512];
	u64 spte = make_nonleaf_spte(table);

	EXPECT_TRUE(is_shadow_present_pte(spte));
	EXPECT_FALSE(is_last_spte(spte, PG_LEVEL_2M));
	EXPECT_EQ(spte & GENMASK_ULL(7, 3), 0ULL);	// EPT: reserved/PS
	EXPECT_EQ(spte & EPT_RWX, EPT_RWX);
	EXPECT_EQ(spte_to_child_pt(spte, PG_LEVEL_2M), table);
	EXPECT_EQ(spte_to_child_pt(spte, PG_LEVEL_4K), nullptr);
}

TEST(Spte, SplitChildrenCoverTheHugePage)
{
	u64 huge = make_spte(PG_LEVEL_2M, 0x200, ACC_READ_MASK, false);

	for (int i : {0, 1, 511}) {
		u64 c = make_huge_page_split_spte(huge, PG_LEVEL_4K, i);

		EXPECT_EQ(spte_to_pfn(c), 0x200ULL + i);
		EXPECT_FALSE(is_large_pte(c));
		EXPECT_EQ(c & ~(SPTE_BASE_ADDR_MASK | PT_PAGE_SIZE_MASK),
			  huge & ~(SPTE_BASE_ADDR_MASK | PT_PAGE_SIZE_MASK));
	}
	u64 giga = make_spte(PG_LEVEL_1G, 1 << 18, ACC_ALL, false);
	u64 c = make_huge_page_split_spte(giga, PG_LEVEL_2M, 3);
	EXPECT_TRUE(is_large_pte(c));
	EXPECT_EQ(spte_to_pfn(c), (1ULL << 18) + 3 * 512);
}

TEST(Spte, IndexAndRounding)
{
	EXPECT_EQ(SPTE_INDEX(0x12345ULL, 1), 0x145ULL);
	EXPECT_EQ(SPTE_INDEX(0x12345ULL, 2), 0x91ULL);
	EXPECT_EQ(gfn_round_for_level(0x12345, 2), 0x12200ULL);
	EXPECT_EQ(gfn_round_for_level(0x12345, 3), 0ULL);
	EXPECT_EQ(KVM_PAGES_PER_HPAGE(3), 262144ULL);
}
