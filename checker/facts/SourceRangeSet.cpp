#include "facts/SourceRangeSet.h"

#include <algorithm>

using namespace clang;
using namespace rcuctx;

void SourceRangeSet::merge() const {
  auto Before = [this](SourceLocation A, SourceLocation B) { return SM.isBeforeInTranslationUnit(A, B); };
  std::sort(Ranges.begin(), Ranges.end(),
            [&](const auto &A, const auto &B) { return Before(A.first, B.first); });
  std::vector<std::pair<SourceLocation, SourceLocation>> Out;
  for (const auto &R : Ranges) {
    // Overlapping or nested in the last one (begin <= its end): extend it.
    if (!Out.empty() && !Before(Out.back().second, R.first)) {
      if (Before(Out.back().second, R.second))
        Out.back().second = R.second;
      continue;
    }
    Out.push_back(R);
  }
  Ranges = std::move(Out);
  Merged = true;
}

bool SourceRangeSet::contains(SourceLocation Loc) const {
  if (Ranges.empty())
    return false;
  if (!Merged)
    merge();
  SourceLocation E = SM.getExpansionLoc(Loc);
  // The last range beginning at or before E.
  auto It = std::upper_bound(Ranges.begin(), Ranges.end(), E, [this](SourceLocation L, const auto &R) {
    return SM.isBeforeInTranslationUnit(L, R.first);
  });
  if (It == Ranges.begin())
    return false;
  --It;
  return !SM.isBeforeInTranslationUnit(It->second, E);
}
