// Lock-order acquisitions merged from several paths or partitions keep the
// modes every one of them agrees on (Acquisition::When): taken in both
// values of a mode, the acquisition no longer depends on it.
#include "lockorder/Dependencies.h"

#include <gtest/gtest.h>

using namespace rcuctx;

namespace {
Acquisition acq(Valuation W) {
  Acquisition A;
  A.Class = "cfg_mutex";
  A.When = std::move(W);
  return A;
}
} // namespace

TEST(AcquisitionMerge, KeepsOnlyTheModesBothAgreeOn) {
  std::vector<Acquisition> List;
  mergeAcquisition(List, acq({{0, false}, {1, true}}));
  mergeAcquisition(List, acq({{0, false}, {1, false}}));
  ASSERT_EQ(List.size(), 1u);
  EXPECT_EQ(List[0].When, (Valuation{{0, false}}));
}

TEST(AcquisitionMerge, TakenInEveryModeDependsOnNone) {
  std::vector<Acquisition> List;
  mergeAcquisition(List, acq({{0, false}}));
  mergeAcquisition(List, acq({{0, true}}));
  ASSERT_EQ(List.size(), 1u);
  EXPECT_TRUE(List[0].When.empty());
  // Once it depends on nothing, nothing narrows it again.
  mergeAcquisition(List, acq({{0, true}}));
  EXPECT_TRUE(List[0].When.empty());
}

TEST(AcquisitionMerge, OneModeOnlyStaysConditional) {
  std::vector<Acquisition> List;
  mergeAcquisition(List, acq({{2, false}}));
  ASSERT_EQ(List.size(), 1u);
  EXPECT_TRUE(compatible(List[0].When, Valuation{{2, false}}));
  EXPECT_FALSE(compatible(List[0].When, Valuation{{2, true}}));
  EXPECT_TRUE(compatible(List[0].When, Valuation{}));
}
