// SPDX-License-Identifier: MIT
// The TDX-module-like state machine refuses illegal orders.
#include "util.h"

using namespace mmuref_test;

namespace {

class TdxModule : public ::testing::Test {
protected:
	struct tdx_td *td = nullptr;
	std::vector<void *> pages;

	void SetUp() override
	{
		td = tdx_td_create(4);
		ASSERT_NE(td, nullptr);
	}
	void TearDown() override
	{
		// Tear everything down in a legal order first, then free.
		if (td)
			tdx_td_teardown(td);
		for (void *p : pages)
			free_page((unsigned long)p);
	}
	void *page()
	{
		void *p = (void *)__get_free_page(GFP_KERNEL);
		pages.push_back(p);
		return p;
	}
	// Tables for gpa down to (not including) @level.
	void add_tables(gpa_t gpa, int level)
	{
		for (int l = 4; l > level; l--)
			ASSERT_EQ(tdh_mem_sept_add(td, gpa & ~((1ULL << (12 + 9 * (l - 1))) - 1), l,
						   page()),
				  TDX_SUCCESS);
	}
	enum ept_status walk(gpa_t gpa, struct ept_walk *w)
	{
		return ept_translate(tdx_td_eptp(td), gpa, EPT_ACCESS_READ, w);
	}
	void block_track(gpa_t gpa, int level)
	{
		ASSERT_EQ(tdh_mem_range_block(td, gpa, level), TDX_SUCCESS);
		tdh_mem_track(td);
	}
};

constexpr gpa_t kGpa = 0x40000000ULL + 0x200000ULL * 5 + 0x3000;

} // namespace

TEST_F(TdxModule, AugNeedsParentTables)
{
	EXPECT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x100000000ULL),
		  TDX_EPT_WALK_FAILED);
	add_tables(kGpa, 2);
	// The 4K table is still missing.
	EXPECT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x100000000ULL),
		  TDX_EPT_WALK_FAILED);
	ASSERT_EQ(tdh_mem_sept_add(td, kGpa & ~0x1fffffULL, 2, page()),
		  TDX_SUCCESS);
	EXPECT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x100000000ULL), TDX_SUCCESS);
	struct ept_walk w;
	ASSERT_EQ(walk(kGpa + 0x10, &w), EPT_OK);
	EXPECT_EQ(w.hpa, 0x100000010ULL);
}

TEST_F(TdxModule, AddOrAugOnUsedEntryFails)
{
	add_tables(kGpa, 1);
	EXPECT_EQ(tdh_mem_sept_add(td, kGpa & ~0x1fffffULL, 2, page()),
		  TDX_EPT_ENTRY_NOT_FREE);
	ASSERT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x100000000ULL), TDX_SUCCESS);
	EXPECT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x200000000ULL),
		  TDX_EPT_ENTRY_NOT_FREE);
}

TEST_F(TdxModule, MisalignedOperandsAreInvalid)
{
	add_tables(kGpa, 2);
	EXPECT_EQ(tdh_mem_page_aug(td, kGpa & ~0x1fffffULL, 2, 0x100001000ULL),
		  TDX_OPERAND_INVALID);
	EXPECT_EQ(tdh_mem_page_aug(td, kGpa | 0x10, 1, 0x100000000ULL),
		  TDX_OPERAND_INVALID);
	EXPECT_EQ(tdh_mem_sept_add(td, kGpa, 1, page()), TDX_OPERAND_INVALID);
}

TEST_F(TdxModule, RemoveNeedsBlock)
{
	add_tables(kGpa, 1);
	ASSERT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x100000000ULL), TDX_SUCCESS);
	EXPECT_EQ(tdh_mem_page_remove(td, kGpa, 1, nullptr),
		  TDX_EPT_ENTRY_STATE_INCORRECT);
}

TEST_F(TdxModule, RemoveNeedsTrackAfterBlock)
{
	struct ept_walk w;
	hpa_t hpa = 0;

	add_tables(kGpa, 1);
	ASSERT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x100000000ULL), TDX_SUCCESS);
	ASSERT_EQ(tdh_mem_range_block(td, kGpa, 1), TDX_SUCCESS);
	// Blocked: no longer usable by hardware, but not yet removable.
	EXPECT_EQ(walk(kGpa, &w), EPT_VIOLATION);
	EXPECT_EQ(tdh_mem_page_remove(td, kGpa, 1, &hpa),
		  TDX_TLB_TRACKING_NOT_DONE);
	EXPECT_EQ(tdh_mem_range_block(td, kGpa, 1),
		  TDX_EPT_ENTRY_STATE_INCORRECT);
	tdh_mem_track(td);
	EXPECT_EQ(tdh_mem_page_remove(td, kGpa, 1, &hpa), TDX_SUCCESS);
	EXPECT_EQ(hpa, 0x100000000ULL);
	EXPECT_EQ(tdh_mem_page_remove(td, kGpa, 1, &hpa), TDX_EPT_ENTRY_FREE);
	// The entry is free again.
	EXPECT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x100000000ULL), TDX_SUCCESS);
}

// A table can only be removed once all its entries are gone.
TEST_F(TdxModule, ChildrenBeforeParent)
{
	gpa_t pd_gpa = kGpa & ~0x1fffffULL;
	void *table = nullptr;

	add_tables(kGpa, 1);
	ASSERT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x100000000ULL), TDX_SUCCESS);
	block_track(pd_gpa, 2);
	EXPECT_EQ(tdh_mem_sept_remove(td, pd_gpa, 2, &table),
		  TDX_EPT_CHILD_NOT_FREE);
	// While the parent is blocked, the child cannot be reached.
	EXPECT_EQ(tdh_mem_range_block(td, kGpa, 1), TDX_EPT_WALK_FAILED);
	EXPECT_EQ(td->nr_leaves, 1);
}

TEST_F(TdxModule, LegalTeardownOrder)
{
	gpa_t pd_gpa = kGpa & ~0x1fffffULL;
	void *table = nullptr;

	add_tables(kGpa, 1);
	ASSERT_EQ(tdh_mem_page_aug(td, kGpa, 1, 0x100000000ULL), TDX_SUCCESS);
	block_track(kGpa, 1);
	ASSERT_EQ(tdh_mem_page_remove(td, kGpa, 1, nullptr), TDX_SUCCESS);
	block_track(pd_gpa, 2);
	ASSERT_EQ(tdh_mem_sept_remove(td, pd_gpa, 2, &table), TDX_SUCCESS);
	EXPECT_EQ(table, pages.back());
	EXPECT_EQ(tdh_mem_sept_remove(td, pd_gpa, 2, &table),
		  TDX_EPT_ENTRY_FREE);
}

TEST_F(TdxModule, SeptRemoveOnLeafIsRefused)
{
	gpa_t pd_gpa = kGpa & ~0x1fffffULL;

	add_tables(kGpa, 2);
	ASSERT_EQ(tdh_mem_page_aug(td, pd_gpa, 2, 0x100000000ULL), TDX_SUCCESS);
	block_track(pd_gpa, 2);
	EXPECT_EQ(tdh_mem_sept_remove(td, pd_gpa, 2, nullptr),
		  TDX_EPT_ENTRY_STATE_INCORRECT);
	EXPECT_EQ(tdh_mem_page_remove(td, pd_gpa, 2, nullptr), TDX_SUCCESS);
}

TEST_F(TdxModule, DemoteNeedsBlockAndTrack)
{
	gpa_t pd_gpa = kGpa & ~0x1fffffULL;
	struct ept_walk w;
	void *table = page();

	add_tables(kGpa, 2);
	ASSERT_EQ(tdh_mem_page_aug(td, pd_gpa, 2, 0x100000000ULL), TDX_SUCCESS);
	EXPECT_EQ(tdh_mem_page_demote(td, pd_gpa, 2, table),
		  TDX_EPT_ENTRY_STATE_INCORRECT);
	ASSERT_EQ(tdh_mem_range_block(td, pd_gpa, 2), TDX_SUCCESS);
	EXPECT_EQ(tdh_mem_page_demote(td, pd_gpa, 2, table),
		  TDX_TLB_TRACKING_NOT_DONE);
	tdh_mem_track(td);
	ASSERT_EQ(tdh_mem_page_demote(td, pd_gpa, 2, table), TDX_SUCCESS);
	// Same translations, now through 4K leaves.
	ASSERT_EQ(walk(kGpa, &w), EPT_OK);
	EXPECT_EQ(w.level, 1);
	EXPECT_EQ(w.hpa, 0x100000000ULL + (kGpa & 0x1fffff));
	EXPECT_EQ(td->nr_leaves, 512);
	EXPECT_EQ(td->nr_tables, 3);	// PDPT, PD, and the new PT
}

TEST_F(TdxModule, DestroyRefusedWhileMapped)
{
	add_tables(kGpa, 1);
	EXPECT_EQ(tdx_td_destroy(td), -EBUSY);
	// Tear down legally so that TearDown can destroy it.
	for (int l = 2; l <= 4; l++) {
		gpa_t g = kGpa & ~((1ULL << (12 + 9 * (l - 1))) - 1);
		block_track(g, l);
		ASSERT_EQ(tdh_mem_sept_remove(td, g, l, nullptr), TDX_SUCCESS);
	}
	EXPECT_EQ(tdx_td_destroy(td), 0);
	td = nullptr;
}
