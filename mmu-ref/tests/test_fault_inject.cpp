// SPDX-License-Identifier: MIT
// Allocation failure at every allocation site: the error comes back,
// nothing leaks, and mirror, external tables and EPT stay consistent.
#include "util.h"

using namespace mmuref_test;

namespace {

class FaultInject : public ::testing::Test {
protected:
	void SetUp() override
	{
		mmuref_fault_inject_reset();
		mmuref_warn_reset();
	}
	void TearDown() override
	{
		mmuref_fault_inject_reset();
		EXPECT_EQ(mmuref_warn_count(), 0UL);
	}
};

// A VM with huge pages on both roots, caches drained so that later
// allocations come from the page allocator.
void populate(Vm &vm)
{
	ASSERT_EQ(vm.map(0, 3, true), RET_PF_FIXED);
	ASSERT_EQ(vm.map(kPfnBase - kPfnBase + (1ULL << 18) + 512, 2, true),
		  RET_PF_FIXED);
	ASSERT_EQ(vm.map(0, 3, false), RET_PF_FIXED);
	ASSERT_EQ(vm.map(0x40200, 2, false), RET_PF_FIXED);
	kvm_mmu_free_memory_caches(&vm.vcpu);
}

void expect_consistent(Vm &vm)
{
	EXPECT_EQ(check_tables_agree(vm, true), 0);
	EXPECT_EQ(check_tables_agree(vm, false), 0);
}

} // namespace

// The split path's allocations, failing the external page first, then the
// page-table page, then the header.
TEST_F(FaultInject, MirrorSplitEachAllocation)
{
	for (int nth : {3, 2, 1}) {
		LeakCheck leaks;
		{
			Vm vm;
			populate(vm);
			long pages = atomic64_read(&vm.kvm->stat.mmu_pages);

			mmuref_fail_alloc_at("tdp_mmu_alloc_sp_for_split", nth);
			EXPECT_EQ(vm.split(0, 1, 1, true, false), -ENOMEM) << nth;
			EXPECT_EQ(mmuref_fault_inject_reset(), 1);
			EXPECT_EQ(vm.lookup(0, true), 3);
			EXPECT_EQ(atomic64_read(&vm.kvm->stat.mmu_pages), pages);
			expect_consistent(vm);
			// And it works once memory is back.
			EXPECT_EQ(vm.split(0, 1, 1, true, false), 0);
			EXPECT_EQ(vm.lookup(0, true), 1);
			expect_consistent(vm);
		}
		leaks.expect_clean();
	}
}

TEST_F(FaultInject, DirectSplitEachAllocation)
{
	for (int nth : {2, 1}) {
		for (bool shared : {true, false}) {
			LeakCheck leaks;
			{
				Vm vm;
				populate(vm);
				mmuref_fail_alloc_at("tdp_mmu_alloc_sp_for_split",
						     nth);
				EXPECT_EQ(vm.split(0, 1, 1, false, shared),
					  -ENOMEM);
				EXPECT_EQ(mmuref_fault_inject_reset(), 1);
				EXPECT_EQ(vm.lookup(0, false), 3);
				expect_consistent(vm);
			}
			leaks.expect_clean();
		}
	}
}

// A split that already split part of the range keeps what it did.
TEST_F(FaultInject, PartialSplitStaysConsistent)
{
	LeakCheck leaks;
	{
		Vm vm;
		populate(vm);
		// 1G -> 2M succeeds, the first 2M -> 4K fails on its external page.
		mmuref_fail_alloc_at("tdp_mmu_alloc_sp_for_split", 6);
		EXPECT_EQ(vm.split(0, 1, 1, true, false), -ENOMEM);
		EXPECT_EQ(vm.lookup(0, true), 2);
		expect_consistent(vm);
	}
	leaks.expect_clean();
}

// The fault path allocates only when topping up the vCPU caches.  A
// failure below the minimum fill fails the fault with -ENOMEM before
// mmu_lock is taken; past it the fault proceeds with what it got.
TEST_F(FaultInject, FaultTopupEachAllocation)
{
	int enomem = 0;

	for (int nth = 1; nth <= 3 * KVM_MMU_CACHE_CAPACITY; nth += 3) {
		LeakCheck leaks;
		{
			Vm vm;
			mmuref_fail_alloc_at("mmu_memory_cache_alloc_obj", nth);
			int r = vm.map(0x1234, 1, true);

			mmuref_fault_inject_reset();
			if (r < 0) {
				enomem++;
				EXPECT_EQ(r, -ENOMEM) << nth;
				EXPECT_EQ(vm.lookup(0x1234, true), 0);
			} else {
				EXPECT_EQ(r, RET_PF_FIXED) << nth;
				EXPECT_EQ(vm.lookup(0x1234, true), 1);
			}
			expect_consistent(vm);
		}
		leaks.expect_clean();
	}
	EXPECT_GE(enomem, 3);
}

// VM creation: every allocation (kvm, TD, TD root, roots) can fail.
TEST_F(FaultInject, CreateVmEachAllocation)
{
	long total;
	{
		long before = mmuref_alloc_attempts();
		Vm vm;
		ASSERT_NE(vm.kvm, nullptr);
		total = mmuref_alloc_attempts() - before;
	}
	ASSERT_GE(total, 6);
	for (long nth = 1; nth <= total; nth++) {
		LeakCheck leaks;
		mmuref_fail_nth_alloc(nth);
		struct kvm *kvm = kvm_create_vm(4, true);
		EXPECT_EQ(kvm, nullptr) << nth;
		EXPECT_EQ(mmuref_fault_inject_reset(), 1);
		if (kvm)
			kvm_destroy_vm(kvm);
		leaks.expect_clean();
	}
}

// Sweep: a fixed workload with its N-th allocation failing, for every N.
TEST_F(FaultInject, EveryNthAllocationOfWorkload)
{
	auto workload = [](Vm &vm) {
		int errors = 0;
		for (bool priv : {true, false}) {
			errors += vm.map(0, 3, priv) < 0;
			errors += vm.map(0x40000 + 0x400, 2, priv) < 0;
			errors += vm.map(0x40000 + 0x1000, 1, priv) < 0;
			errors += vm.split(0, 0x300, 1, priv, false) != 0;
			errors += vm.split(0x40000, 0x80000, 1, priv,
					   !priv) != 0;
			vm.zap(0x100, 0x200, priv);
		}
		return errors;
	};
	long total;
	{
		Vm vm;
		ASSERT_NE(vm.kvm, nullptr);
		long before = mmuref_alloc_attempts();
		ASSERT_EQ(workload(vm), 0);
		total = mmuref_alloc_attempts() - before;
	}
	ASSERT_GT(total, 10);
	long visible = 0;
	for (long nth = 1; nth <= total; nth++) {
		LeakCheck leaks;
		{
			Vm vm;
			ASSERT_NE(vm.kvm, nullptr);
			mmuref_fail_nth_alloc(nth);
			int errors = workload(vm);
			long failed = mmuref_fault_inject_reset();

			EXPECT_EQ(failed, 1) << nth;
			// A cache top-up failing above its minimum fill is
			// absorbed; every other failure is reported.
			visible += errors > 0;
			expect_consistent(vm);
		}
		leaks.expect_clean();
		ASSERT_FALSE(HasFailure()) << "allocation " << nth;
	}
	EXPECT_GT(visible, 0);
}
