// Judging a function's pending obligations together: a need and a
// "forbid" on one path that no entry context satisfies both is a
// contradiction (the seed: sleeps, then needs RCU at the same depth); what
// is left is exported as the function's requirements on its callers.
//
// Plain data in, plain data out: the dataflow calls it with its CFG's
// reachability, and the whole-program link with the reachability a summary
// file recorded.
#pragma once

#include "report/Finding.h"
#include "summaries/Summary.h"

#include <functional>
#include <vector>

namespace rcuctx {

/// An obligation at its site in the owner's CFG, in one mode partition.
struct SitedObligation {
  Obligation O;
  unsigned Block = 0, Index = 0;
  unsigned Partition = 0;
  int FromCall = -1; // the call it was lifted from (index into the owner's calls), or -1
  /// A need whose every path slept before it, at a depth no lower than the
  /// need's (ContextState::Slept): the sleep's site, or Block -1. Whatever
  /// the entry context, the sleep ran inside the section or the need runs
  /// outside it.
  int SleptBlock = -1;
  unsigned SleptIndex = 0;
};

/// Whether blocks Anchor and Other lie on one path of the owner's CFG, in
/// either order (BlockReach::onOnePath). The judge asks it only for pairs
/// that would contradict, anchored at the site that forbids.
using CoPathFn = std::function<bool(unsigned Anchor, unsigned Other)>;

struct Judgement {
  std::vector<Obligation> Exported;
  std::vector<EntryConflict> Conflicts;
  std::vector<Finding> Findings;
};

Judgement judgeObligations(const std::vector<SitedObligation> &Obls, const CoPathFn &CoPath,
                           bool Strict);

/// What becomes of an obligation at its site: a finding there, pending
/// judgement with the others (it depends on the entry context), or nothing.
enum class Disposition { Finding, Pending, Drop };
Disposition classify(const Obligation &O, bool Strict);

} // namespace rcuctx
