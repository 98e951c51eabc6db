// The call graph's strongly connected components (link/Components.h): a
// cycle is one component, every component comes after the ones it reaches
// (callees first: the link and phase 2 rely on it), negative successors are
// no edge, and a chain deeper than any recursion limit is walked.
#include "link/Components.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace rcuctx;

namespace {

std::vector<std::vector<int>> components(const std::vector<std::vector<int>> &Succ) {
  auto Out = componentsBottomUp((int)Succ.size(),
                                [&](int V) -> const std::vector<int> & { return Succ[V]; });
  for (auto &C : Out)
    std::sort(C.begin(), C.end());
  return Out;
}

size_t positionOf(const std::vector<std::vector<int>> &Cs, int V) {
  for (size_t I = 0; I < Cs.size(); ++I)
    if (std::find(Cs[I].begin(), Cs[I].end(), V) != Cs[I].end())
      return I;
  return Cs.size();
}

TEST(Components, CycleIsOneComponentAfterItsCallees) {
  // 0 -> 1 -> 2 -> 1, 2 -> 3; 4 alone; -1 is no edge.
  auto Cs = components({{1}, {2}, {1, 3, -1}, {}, {}});
  ASSERT_EQ(Cs.size(), 4u);
  EXPECT_EQ(Cs[positionOf(Cs, 1)], (std::vector<int>{1, 2}));
  EXPECT_LT(positionOf(Cs, 3), positionOf(Cs, 1));
  EXPECT_LT(positionOf(Cs, 1), positionOf(Cs, 0));
}

TEST(Components, SelfLoopStaysAlone) {
  auto Cs = components({{0, 1}, {}});
  ASSERT_EQ(Cs.size(), 2u);
  EXPECT_EQ(Cs[0], (std::vector<int>{1}));
  EXPECT_EQ(Cs[1], (std::vector<int>{0}));
}

TEST(Components, DeepChainAndLongCycle) {
  const int N = 200000;
  std::vector<std::vector<int>> Chain(N);
  for (int I = 0; I + 1 < N; ++I)
    Chain[I] = {I + 1};
  EXPECT_EQ(components(Chain).size(), (size_t)N);
  Chain[N - 1] = {0};
  auto Cs = components(Chain);
  ASSERT_EQ(Cs.size(), 1u);
  EXPECT_EQ(Cs[0].size(), (size_t)N);
}

} // namespace
