// SPDX-License-Identifier: MIT
// Model-based random operation sequences.  A plain GFN -> (level, perms)
// map (the PFN is always pfn_of(gfn)) plus the set of non-leaf entries is
// updated by the same rules the MMU follows; after every step the SPTE
// trees of both roots must equal the model GFN by GFN, the EPT walker must
// agree with every leaf (through the TDX module's tables for the mirror),
// and the module must hold exactly the mirror's leaves and tables.
#include "util.h"

#include <random>

using namespace mmuref_test;

namespace {

constexpr gfn_t kGiga = 1ULL << 18;
constexpr gfn_t kSpace = 2 * kGiga;	// GFNs [0, 2G/4K)

struct Model {
	struct Ent {
		u8 level;	// 0: unmapped
		u8 perms;
	};
	int root_level;
	std::vector<Ent> m;
	std::vector<std::vector<bool>> nonleaf;	// [level][index]

	explicit Model(int levels) : root_level(levels), m(kSpace),
				     nonleaf(levels + 1)
	{
		for (int l = 2; l <= levels; l++)
			nonleaf[l].assign((kSpace >> (9 * (l - 1))) + 1, false);
	}
	static gfn_t idx(gfn_t g, int l) { return g >> (9 * (l - 1)); }
	// The block of @size GFNs at @base becomes @level/@perms.
	void set_block(gfn_t base, gfn_t size, int level, u8 perms)
	{
		for (gfn_t g = base; g < base + size; g++)
			m[g] = {(u8)level, perms};
	}

	void map(gfn_t gfn, int L, u8 perms, bool priv)
	{
		for (int l = root_level; l > L; l--) {
			if (m[gfn].level == l)
				return;		// covered by a huge page
			nonleaf[l][idx(gfn, l)] = true;
		}
		if (L >= 2 && nonleaf[L][idx(gfn, L)])
			return;			// smaller mappings below
		gfn_t base = gfn_round_for_level(gfn, L);
		if (m[base].level == L && priv)
			return;			// mirror leaves never change
		set_block(base, pages_per(L), L, perms);
	}
	void zap(gfn_t start, gfn_t end)
	{
		for (gfn_t g = start; g < end && g < kSpace;) {
			int l = m[g].level;
			if (!l) {
				g++;
				continue;
			}
			gfn_t base = gfn_round_for_level(g, l);
			set_block(base, pages_per(l), 0, 0);
			g = base + pages_per(l);
		}
	}
	void split(gfn_t start, gfn_t end, int target)
	{
		for (gfn_t g = start; g < end && g < kSpace;) {
			int l = m[g].level;
			if (!l) {
				g++;
				continue;
			}
			gfn_t base = gfn_round_for_level(g, l);
			if (l > target) {
				nonleaf[l][idx(base, l)] = true;
				set_block(base, pages_per(l), l - 1, m[g].perms);
				continue;	// re-examine g
			}
			g = base + pages_per(l);
		}
	}
	void clear_perm(gfn_t start, gfn_t end, u8 bit)
	{
		for (gfn_t g = start; g < end && g < kSpace;) {
			int l = m[g].level;
			if (!l) {
				g++;
				continue;
			}
			gfn_t base = gfn_round_for_level(g, l);
			set_block(base, pages_per(l), l, m[g].perms & ~bit);
			g = base + pages_per(l);
		}
	}
	long tables() const
	{
		long n = 0;
		for (int l = 2; l <= root_level; l++)
			for (bool b : nonleaf[l])
				n += b;
		return n;
	}
};

struct Runner {
	Vm vm;
	Model model[2];		// [priv]
	std::mt19937_64 rng;
	int levels;

	Runner(int lv, u64 seed) : vm(lv, true), model{Model(lv), Model(lv)},
				   rng(seed), levels(lv) {}

	u64 rnd(u64 n) { return rng() % n; }

	gfn_t pick_gfn()
	{
		gfn_t region = rnd(2) * kGiga;
		gfn_t block = rnd(10) < 7 ? rnd(8) : rnd(512);
		return region + block * 512 + rnd(512);
	}
	void pick_range(gfn_t *start, gfn_t *end)
	{
		*start = pick_gfn();
		switch (rnd(4)) {
		case 0: *end = *start + 1; break;
		case 1: *end = *start + 1 + rnd(1024); break;
		case 2: *end = *start + 512 * (1 + rnd(8)); break;
		default: *end = *start + kGiga; break;
		}
		if (*end > kSpace)
			*end = kSpace;
	}

	void step(std::string *what)
	{
		bool priv = rnd(2);
		gfn_t start, end;
		int op = (int)rnd(100);

		mmuref_set_resched_interval(rnd(4) == 0 ? 1 : 512);
		if (op < 35) {
			gfn_t gfn = pick_gfn();
			int r = (int)rnd(10);
			int level = r < 6 ? 1 : r < 9 ? 2 : 3;
			static const u8 accs[] = {1, 3, 5, 7};
			u8 perms = priv ? 7 : accs[rnd(4)];

			*what = "map " + std::to_string(gfn) + " L" +
				std::to_string(level) + (priv ? " priv" : "");
			int ret = vm.map(gfn, level, priv, perms);
			ASSERT_TRUE(ret == RET_PF_FIXED || ret == RET_PF_SPURIOUS)
				<< ret;
			model[priv].map(gfn, level, perms, priv);
		} else if (op < 50) {
			pick_range(&start, &end);
			*what = "zap " + std::to_string(start) + ".." +
				std::to_string(end) + (priv ? " priv" : "");
			vm.zap(start, end, priv);
			model[priv].zap(start, end);
		} else if (op < 70) {
			int target = 1 + (int)rnd(2);
			bool shared = !priv && rnd(2);

			pick_range(&start, &end);
			*what = "split " + std::to_string(start) + ".." +
				std::to_string(end) + " T" +
				std::to_string(target) + (priv ? " priv" : "");
			ASSERT_EQ(vm.split(start, end, target, priv, shared), 0);
			model[priv].split(start, end, target);
		} else if (op < 85) {
			pick_range(&start, &end);
			*what = "wrprot";
			vm.wrprot(start, end);
			model[0].clear_perm(start, end, ACC_WRITE_MASK);
		} else if (op < 95) {
			pick_range(&start, &end);
			*what = "age";
			vm.age(start, end);
		} else {
			pick_range(&start, &end);
			*what = "clear_dirty";
			vm.clear_dirty(start, end);
		}
		mmuref_set_resched_interval(512);
	}

	// SPTE trees == model, every GFN; EPT agrees with every leaf.
	void check(const std::string &what)
	{
		for (int priv = 0; priv < 2; priv++) {
			const Model &md = model[priv];
			long tables;
			std::vector<Leaf> leaves =
				collect_leaves(vm.root(priv), &tables);
			gfn_t mapped = 0, model_mapped = 0;

			for (const Leaf &l : leaves) {
				ASSERT_LT(l.gfn, kSpace) << what;
				for (gfn_t g = l.gfn; g < l.gfn + pages_per(l.level); g++) {
					ASSERT_EQ(md.m[g].level, l.level)
						<< what << " priv " << priv
						<< " gfn " << g;
					ASSERT_EQ(md.m[g].perms,
						  l.spte & SPTE_PERM_MASK)
						<< what << " gfn " << g;
				}
				mapped += pages_per(l.level);
			}
			for (const auto &e : md.m)
				model_mapped += e.level != 0;
			ASSERT_EQ(mapped, model_mapped) << what << " priv " << priv;
			ASSERT_EQ(tables, md.tables()) << what << " priv " << priv;
			ASSERT_EQ(check_tables_agree(vm, priv), 0) << what;

			// Unmapped GFNs fault: one sample per 2M block.
			for (gfn_t b = 0; b < kSpace; b += 512) {
				gfn_t g = b + rnd(512);
				struct ept_walk w;

				if (md.m[g].level)
					continue;
				ASSERT_NE(vm.walk(g, priv, EPT_ACCESS_READ, &w),
					  EPT_OK) << what << " gfn " << g;
			}
		}
		ASSERT_EQ(mmuref_warn_count(), 0UL) << what;
	}

	// Every GFN through the EPT walker, both roots.
	void full_check()
	{
		for (int priv = 0; priv < 2; priv++) {
			for (gfn_t g = 0; g < kSpace; g++) {
				const Model::Ent &e = model[priv].m[g];
				struct ept_walk w;
				enum ept_status s = vm.walk(g, priv,
							    EPT_ACCESS_READ, &w);

				if (!e.level) {
					ASSERT_EQ(s, EPT_VIOLATION) << g;
					continue;
				}
				ASSERT_EQ(s, EPT_OK) << g;
				ASSERT_EQ(w.level, e.level) << g;
				ASSERT_EQ(w.hpa, pfn_of(g) << PAGE_SHIFT) << g;
				ASSERT_EQ(w.perms & EPT_RWX, e.perms) << g;
			}
		}
	}
};

struct Param {
	int levels;
	u64 seed;
	int steps;
};

class ModelTest : public ::testing::TestWithParam<Param> {};

} // namespace

TEST_P(ModelTest, RandomSequence)
{
	const Param p = GetParam();
	LeakCheck leaks;

	mmuref_warn_reset();
	{
		Runner r(p.levels, p.seed);
		ASSERT_NE(r.vm.kvm, nullptr);
		for (int i = 0; i < p.steps; i++) {
			std::string what;

			r.step(&what);
			ASSERT_FALSE(HasFatalFailure()) << "step " << i;
			r.check("step " + std::to_string(i) + ": " + what);
			ASSERT_FALSE(HasFatalFailure()) << "step " << i;
		}
		r.full_check();
		// The sequence really exercised faults, splits and zaps.
		EXPECT_GT(atomic64_read(&r.vm.kvm->stat.pf_fixed), 0);
		EXPECT_GT(atomic64_read(&r.vm.kvm->stat.pages_split), 0);
		EXPECT_GT(atomic64_read(&r.vm.kvm->stat.leafs_zapped), 0);
		EXPECT_GT(atomic64_read(&r.vm.kvm->stat.external_ops), 0);
	}
	leaks.expect_clean();
	EXPECT_EQ(mmuref_warn_count(), 0UL);
}

INSTANTIATE_TEST_SUITE_P(
	Seeds, ModelTest,
	::testing::Values(Param{4, 1, 300}, Param{4, 2, 300}, Param{4, 3, 300},
			  Param{4, 4, 300}, Param{5, 5, 200}, Param{5, 6, 200}),
	[](const auto &info) {
		return "L" + std::to_string(info.param.levels) + "_seed" +
		       std::to_string(info.param.seed);
	});
