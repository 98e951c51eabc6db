// SPDX-License-Identifier: MIT
// Concurrency stress: vCPU threads fault in (mmu_lock read) and do lockless
// walks under rcu_read_lock() only (software walks of both roots, and the
// EPT walker acting as hardware, setting A/D bits), while an MMU thread
// zaps and splits under the write lock and write-protects, ages, clears
// dirty bits and splits under the read lock.  Any successful translation
// of GFN g must give pfn_of(g) whatever happens concurrently.  Bounded by
// time (about 2 s) and iterations.
#include "util.h"

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

using namespace mmuref_test;

namespace {

constexpr gfn_t kGiga = 1ULL << 18;
using Clock = std::chrono::steady_clock;

struct Shared {
	Vm *vm;
	Clock::time_point deadline;
	std::atomic<long> bad{0};
	std::atomic<long> faults{0}, walks{0}, mmu_ops{0};
	std::atomic<bool> stop{false};
};

gfn_t pick_gfn(std::mt19937_64 &rng)
{
	// Mostly 8 hot 2M blocks in the first 1G, sometimes anywhere in 2G.
	if (rng() % 4)
		return (rng() % 8) * 512 + rng() % 512;
	return rng() % (2 * kGiga);
}

bool done(Shared *s, long iter, long max_iter)
{
	return s->stop.load() || iter >= max_iter || Clock::now() > s->deadline;
}

void check_walks(Shared *s, gfn_t gfn)
{
	Vm &vm = *s->vm;

	rcu_read_lock();
	for (int priv = 0; priv < 2; priv++) {
		struct ept_walk w;
		u64 spte;
		int level = kvm_tdp_mmu_get_walk(vm.root(priv), gfn, &spte);

		if (is_shadow_present_pte(spte) && is_last_spte(spte, level) &&
		    spte_to_pfn(spte) != pfn_of(gfn_round_for_level(gfn, level)))
			s->bad++;
		unsigned int acc = (gfn & 1) ? EPT_ACCESS_WRITE : EPT_ACCESS_READ;
		enum ept_status st = ept_translate(vm.eptp(priv),
						   gfn << PAGE_SHIFT, acc, &w);
		if (st == EPT_OK && w.hpa != pfn_of(gfn) << PAGE_SHIFT)
			s->bad++;
		if (st == EPT_MISCONFIG || st == EPT_BAD_EPTP)
			s->bad++;
	}
	rcu_read_unlock();
	s->walks++;
}

void vcpu_thread(Shared *s, int id)
{
	std::mt19937_64 rng(1000 + id);
	struct kvm_vcpu vcpu;

	rcu_register_thread();
	kvm_vcpu_init(&vcpu, s->vm->kvm);
	for (long i = 0; !done(s, i, 200000); i++) {
		struct kvm_page_fault fault = {};
		int r = (int)(rng() % 16);
		int level = r < 12 ? 1 : r < 15 ? 2 : 3;

		fault.gfn = pick_gfn(rng);
		fault.goal_level = level;
		fault.pfn = pfn_of(gfn_round_for_level(fault.gfn, level));
		fault.is_private = rng() % 2;
		fault.access = fault.is_private ? ACC_ALL :
			       (rng() % 2 ? ACC_ALL : ACC_READ_MASK);
		fault.write = rng() % 2;
		if (kvm_mmu_topup_memory_caches(&vcpu)) {
			s->bad++;
			break;
		}
		read_lock(&s->vm->kvm->mmu_lock);
		int ret = kvm_tdp_mmu_map(&vcpu, &fault);
		read_unlock(&s->vm->kvm->mmu_lock);
		if (ret < 0)
			s->bad++;
		s->faults++;
		check_walks(s, fault.gfn);
		check_walks(s, pick_gfn(rng));
	}
	kvm_mmu_free_memory_caches(&vcpu);
	rcu_unregister_thread();
}

void mmu_thread(Shared *s)
{
	std::mt19937_64 rng(7);
	struct kvm *kvm = s->vm->kvm;

	rcu_register_thread();
	for (long i = 0; !done(s, i, 20000); i++) {
		gfn_t start = pick_gfn(rng);
		gfn_t end = start + 1 + rng() % 2048;
		bool priv = rng() % 2;
		int r = 0;

		switch (rng() % 8) {
		case 0:
		case 1:
			write_lock(&kvm->mmu_lock);
			kvm_tdp_mmu_zap_leafs(kvm, s->vm->root(priv), start, end,
					      false);
			write_unlock(&kvm->mmu_lock);
			break;
		case 2:
			write_lock(&kvm->mmu_lock);
			r = tdp_mmu_split_huge_pages_root(kvm, s->vm->root(priv),
							  start, end,
							  1 + rng() % 2, false);
			write_unlock(&kvm->mmu_lock);
			break;
		case 3:
			read_lock(&kvm->mmu_lock);
			r = tdp_mmu_split_huge_pages_root(kvm, kvm->direct_root,
							  start, end,
							  1 + rng() % 2, true);
			read_unlock(&kvm->mmu_lock);
			break;
		case 4:
			read_lock(&kvm->mmu_lock);
			kvm_tdp_mmu_wrprot_range(kvm, kvm->direct_root, start,
						 end, PG_LEVEL_4K);
			read_unlock(&kvm->mmu_lock);
			break;
		case 5:
			read_lock(&kvm->mmu_lock);
			kvm_tdp_mmu_age_gfn_range(kvm, kvm->direct_root, start,
						  end);
			read_unlock(&kvm->mmu_lock);
			break;
		case 6:
			read_lock(&kvm->mmu_lock);
			kvm_tdp_mmu_clear_dirty_range(kvm, kvm->direct_root,
						      start, end);
			read_unlock(&kvm->mmu_lock);
			break;
		default:
			if (rng() % 16 == 0) {
				write_lock(&kvm->mmu_lock);
				kvm_tdp_mmu_zap_all(kvm);
				write_unlock(&kvm->mmu_lock);
			}
			break;
		}
		if (r)
			s->bad++;
		s->mmu_ops++;
	}
	rcu_unregister_thread();
}

class Stress : public ::testing::TestWithParam<int> {};

} // namespace

TEST_P(Stress, FaultsWalksVsZapSplitWrprot)
{
	const int nr_vcpus = GetParam();
	LeakCheck leaks;
	Shared s;

	mmuref_warn_reset();
	{
		Vm vm;
		ASSERT_NE(vm.kvm, nullptr);
		s.vm = &vm;
		s.deadline = Clock::now() + std::chrono::milliseconds(2000);

		std::vector<std::thread> threads;
		for (int i = 0; i < nr_vcpus; i++)
			threads.emplace_back(vcpu_thread, &s, i);
		threads.emplace_back(mmu_thread, &s);
		for (auto &t : threads)
			t.join();

		EXPECT_EQ(s.bad.load(), 0);
		EXPECT_GT(s.faults.load(), 0);
		EXPECT_GT(s.mmu_ops.load(), 0);
		// Quiescent now: mirror and external tables agree exactly.
		EXPECT_EQ(check_tables_agree(vm, true), 0);
		EXPECT_EQ(check_tables_agree(vm, false), 0);
		RecordProperty("faults", std::to_string(s.faults.load()));
		RecordProperty("walks", std::to_string(s.walks.load()));
		RecordProperty("mmu_ops", std::to_string(s.mmu_ops.load()));
		printf("faults %ld walks %ld mmu ops %ld splits %lld zapped %lld\n",
		       s.faults.load(), s.walks.load(), s.mmu_ops.load(),
		       (long long)atomic64_read(&vm.kvm->stat.pages_split),
		       (long long)atomic64_read(&vm.kvm->stat.leafs_zapped));
	}
	leaks.expect_clean();
	EXPECT_EQ(mmuref_warn_count(), 0UL);
}

INSTANTIATE_TEST_SUITE_P(VCpus, Stress, ::testing::Values(3));
