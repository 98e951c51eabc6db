// What a function means to its callers, inferred from its body: the
// obligations it puts on its entry context (with their explanations), its
// effect on the context at each return (per value of its mode parameters),
// and contradictions found inside it that no caller can satisfy.
#pragma once

#include "transfer/Obligation.h"

#include <string>
#include <vector>

namespace rcuctx {

struct ExitEffect {
  Valuation When;
  ContextState State; // relative to entry
};

/// A need and a forbid on the same path that no entry context satisfies
/// (the seed: sleeps, then needs RCU at the same depth). Reported where a
/// caller ended the section just before the call, else in the function.
struct EntryConflict {
  std::string Key;
  Obligation Need;
  Obligation Forbid;
};

struct Summary {
  bool Computed = false;
  std::string Name;
  std::vector<int> TrackedParams; // boolean mode parameters, by index
  std::vector<Obligation> Obligations;
  std::vector<ExitEffect> Exits; // empty: never returns
  std::vector<EntryConflict> Conflicts;
  /// Requirements the declaration states (__must_hold, requires_capability),
  /// also in Obligations; kept apart so a re-judgement keeps them.
  std::vector<Obligation> Declared;

  /// Equality of the parts callers consume (for the recursion fixpoint).
  bool sameAs(const Summary &O) const;
};

} // namespace rcuctx
