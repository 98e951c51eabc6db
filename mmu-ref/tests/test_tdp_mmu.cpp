// SPDX-License-Identifier: MIT
// Functional tests of the TDP MMU operations on direct and mirror roots.
#include "util.h"

using namespace mmuref_test;

class TdpMmu : public ::testing::TestWithParam<bool> {
protected:
	void SetUp() override { mmuref_warn_reset(); }
	void TearDown() override { EXPECT_EQ(mmuref_warn_count(), 0UL); }
};

// Mapping at every level: the SPTE walk and the EPT walk agree.
TEST_P(TdpMmu, MapEachLevel)
{
	bool priv = GetParam();
	LeakCheck leaks;
	{
		Vm vm;
		ASSERT_NE(vm.kvm, nullptr);
		for (int level = 1; level <= 3; level++) {
			gfn_t gfn = pages_per(3) * level + 5 * pages_per(level);

			ASSERT_EQ(vm.map(gfn, level, priv), RET_PF_FIXED);
			EXPECT_EQ(vm.map(gfn, level, priv), RET_PF_SPURIOUS);
			for (gfn_t g : {gfn, gfn + pages_per(level) - 1}) {
				struct ept_walk w;
				u64 spte;

				EXPECT_EQ(vm.lookup(g, priv, &spte), level);
				EXPECT_EQ(spte_to_pfn(spte),
					  pfn_of(gfn_round_for_level(g, level)));
				ASSERT_EQ(vm.walk(g, priv, EPT_ACCESS_READ, &w),
					  EPT_OK);
				EXPECT_EQ(w.level, level);
				EXPECT_EQ(w.hpa, pfn_of(g) << PAGE_SHIFT);
			}
			EXPECT_EQ(vm.lookup(gfn + pages_per(level), priv), 0);
		}
	}
	leaks.expect_clean();
}

TEST_P(TdpMmu, ZapLeafs)
{
	bool priv = GetParam();
	Vm vm;
	struct ept_walk w;

	ASSERT_EQ(vm.map(0x200, 2, priv), RET_PF_FIXED);
	ASSERT_EQ(vm.map(0x1000, 1, priv), RET_PF_FIXED);
	ASSERT_EQ(vm.map(0x1001, 1, priv), RET_PF_FIXED);
	// A range touching the 2M page zaps it whole.
	EXPECT_TRUE(vm.zap(0x3ff, 0x400, priv));
	EXPECT_EQ(vm.lookup(0x200, priv), 0);
	EXPECT_EQ(vm.walk(0x200, priv, EPT_ACCESS_READ, &w), EPT_VIOLATION);
	EXPECT_TRUE(vm.zap(0x1001, 0x1002, priv));
	EXPECT_EQ(vm.lookup(0x1000, priv), 1);
	EXPECT_EQ(vm.lookup(0x1001, priv), 0);
	EXPECT_EQ(vm.walk(0x1000, priv, EPT_ACCESS_READ, &w), EPT_OK);
	EXPECT_EQ(vm.walk(0x1001, priv, EPT_ACCESS_READ, &w), EPT_VIOLATION);
	EXPECT_FALSE(vm.zap(0x5000, 0x6000, priv));
}

TEST_P(TdpMmu, SplitOneGigToFourK)
{
	bool priv = GetParam();
	LeakCheck leaks;
	{
		Vm vm;
		gfn_t base = 2 * pages_per(3);

		ASSERT_EQ(vm.map(base, 3, priv), RET_PF_FIXED);
		// Split only [base + 3*512 + 7, +1): 1G -> 2M, that 2M -> 4K.
		gfn_t g = base + 3 * 512 + 7;
		ASSERT_EQ(vm.split(g, g + 1, 1, priv, !priv), 0);
		EXPECT_EQ(vm.lookup(g, priv), 1);
		EXPECT_EQ(vm.lookup(base, priv), 2);
		EXPECT_EQ(vm.lookup(base + pages_per(3) - 1, priv), 2);
		for (gfn_t x : {base, g, g + 1, base + pages_per(3) - 1}) {
			struct ept_walk w;
			ASSERT_EQ(vm.walk(x, priv, EPT_ACCESS_READ, &w), EPT_OK)
				<< x;
			EXPECT_EQ(w.hpa, pfn_of(x) << PAGE_SHIFT);
			EXPECT_EQ(w.level, vm.lookup(x, priv));
		}
		EXPECT_EQ(atomic64_read(&vm.kvm->stat.pages_split), 2);
	}
	leaks.expect_clean();
}

TEST_F(TdpMmu, WriteProtectAndRefault)
{
	Vm vm;
	struct ept_walk w;

	ASSERT_EQ(vm.map(0x10, 1, false), RET_PF_FIXED);
	ASSERT_EQ(vm.walk(0x10, false, EPT_ACCESS_WRITE, &w), EPT_OK);
	EXPECT_TRUE(vm.wrprot(0, 0x100));
	ASSERT_EQ(vm.walk(0x10, false, EPT_ACCESS_WRITE, &w), EPT_VIOLATION);
	EXPECT_EQ(w.exit_qual & (EPT_VIOL_ACC_WRITE | EPT_VIOL_READABLE |
				 EPT_VIOL_WRITABLE),
		  EPT_VIOL_ACC_WRITE | EPT_VIOL_READABLE);
	EXPECT_FALSE(vm.wrprot(0, 0x100));
	// A write fault restores write access in place.
	EXPECT_EQ(vm.map(0x10, 1, false, ACC_ALL, true), RET_PF_FIXED);
	EXPECT_EQ(vm.walk(0x10, false, EPT_ACCESS_WRITE, &w), EPT_OK);
}

TEST_F(TdpMmu, AgeAndDirty)
{
	Vm vm;
	struct ept_walk w;
	u64 spte;

	ASSERT_EQ(vm.map(0x10, 1, false, ACC_ALL, false), RET_PF_FIXED);
	EXPECT_TRUE(vm.age(0, 0x100));		// created accessed
	EXPECT_FALSE(vm.age(0, 0x100));
	vm.lookup(0x10, false, &spte);
	EXPECT_FALSE(is_accessed_spte(spte));
	// The "hardware" walk sets A again, and D on a write.
	ASSERT_EQ(vm.walk(0x10, false, EPT_ACCESS_WRITE, &w), EPT_OK);
	vm.lookup(0x10, false, &spte);
	EXPECT_TRUE(is_accessed_spte(spte));
	EXPECT_TRUE(is_dirty_spte(spte));
	EXPECT_TRUE(vm.clear_dirty(0, 0x100));
	EXPECT_FALSE(vm.clear_dirty(0, 0x100));
	EXPECT_TRUE(vm.age(0, 0x100));
}

TEST_F(TdpMmu, FiveLevelRoots)
{
	gfn_t gfn = (1ULL << 36) + 0x1234;	// above a 4-level reach

	// Its PFN needs more than 48 address bits.
	ept_caps.maxphyaddr = 52;
	{
		Vm vm(5, true);

		for (bool priv : {false, true}) {
			struct ept_walk w;

			ASSERT_EQ(vm.map(gfn, 1, priv), RET_PF_FIXED);
			ASSERT_EQ(vm.walk(gfn, priv, EPT_ACCESS_READ, &w),
				  EPT_OK);
			EXPECT_EQ(w.hpa, pfn_of(gfn) << PAGE_SHIFT);
		}
	}
	ept_caps_reset();
}

// The mirror root refuses splitting under the read lock.
TEST_F(TdpMmu, MirrorSplitNeedsWriteLock)
{
	Vm vm;

	ASSERT_EQ(vm.map(0, 2, true), RET_PF_FIXED);
	EXPECT_EQ(vm.split(0, 1, 1, true, true), -EINVAL);
	mmuref_warn_reset();
	EXPECT_EQ(vm.lookup(0, true), 2);
	EXPECT_EQ(vm.split(0, 1, 1, true, false), 0);
	EXPECT_EQ(vm.lookup(0, true), 1);
}

// Forced yields: every iteration step may drop and retake the locks.
TEST_P(TdpMmu, YieldEveryStep)
{
	bool priv = GetParam();
	Vm vm;

	for (gfn_t g = 0; g < 4 * 512; g += 512)
		ASSERT_EQ(vm.map(g, 2, priv), RET_PF_FIXED);
	mmuref_set_resched_interval(1);
	EXPECT_EQ(vm.split(0, 4 * 512, 1, priv, !priv), 0);
	for (gfn_t g = 0; g < 4 * 512; g += 97)
		EXPECT_EQ(vm.lookup(g, priv), 1);
	EXPECT_TRUE(vm.zap(0, 4 * 512, priv));
	mmuref_set_resched_interval(512);
	for (gfn_t g = 0; g < 4 * 512; g += 97)
		EXPECT_EQ(vm.lookup(g, priv), 0);
}

INSTANTIATE_TEST_SUITE_P(Roots, TdpMmu, ::testing::Values(false, true),
			 [](const auto &info) {
				 return info.param ? "mirror" : "direct";
			 });

// Lock assertions fire in debug builds.
TEST(TdpMmuDeath, ZapWithoutWriteLock)
{
	Vm vm;
	EXPECT_DEATH(kvm_tdp_mmu_zap_leafs(vm.kvm, vm.kvm->direct_root, 0, 1,
					   false),
		     "lockdep_assert_held_write");
}

TEST(TdpMmuDeath, MapWithoutReadLock)
{
	Vm vm;
	struct kvm_page_fault fault = {};

	fault.goal_level = 1;
	fault.access = ACC_ALL;
	ASSERT_EQ(kvm_mmu_topup_memory_caches(&vm.vcpu), 0);
	EXPECT_DEATH(kvm_tdp_mmu_map(&vm.vcpu, &fault),
		     "lockdep_assert_held_read");
}

TEST(TdpMmuDeath, SplitSharedWithoutLock)
{
	Vm vm;
	EXPECT_DEATH(tdp_mmu_split_huge_pages_root(vm.kvm, vm.kvm->direct_root,
						   0, 512, 1, true),
		     "lockdep_assert_held_read");
}
