// A set of source ranges (expansion locations) asked "is this location inside
// any of them?" once per site: branches of runtime-state ifs, lockdep-only
// waivers. Kept as disjoint ranges sorted by position, so a query is a binary
// search instead of a scan over every range (a function with thousands of
// such ifs asked about at thousands of sites was quadratic).
#pragma once

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"

#include <utility>
#include <vector>

namespace rcuctx {

class SourceRangeSet {
public:
  explicit SourceRangeSet(const clang::SourceManager &SM) : SM(SM) {}

  /// Adds [Begin, End] (expansion locations, both included).
  void add(clang::SourceLocation Begin, clang::SourceLocation End) {
    Ranges.push_back({Begin, End});
    Merged = false;
  }
  /// Whether Loc's expansion location lies inside one of the ranges.
  bool contains(clang::SourceLocation Loc) const;

private:
  void merge() const;

  const clang::SourceManager &SM;
  mutable std::vector<std::pair<clang::SourceLocation, clang::SourceLocation>> Ranges;
  mutable bool Merged = true;
};

} // namespace rcuctx
