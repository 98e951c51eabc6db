// The imbalance checks (rcuctx-unbalanced), judged on the fixpoint: a
// function whose paths return holding a context on some paths and not on
// others, at its returns and at joins after which nothing touches the
// context again (typically a `goto` past the unlock). Hand-off protocols
// (bodyfacts/HandOff.h) and conditional acquirers (return true with the
// lock, false without) are not imbalances; a conditional acquirer's exit
// effect is made "unknown" for that lock so callers do not trust it.
#pragma once

#include "bodyfacts/HandOff.h"
#include "dataflow/FunctionScope.h"

namespace rcuctx {

class ImbalanceCheck {
public:
  ImbalanceCheck(const FunctionEnv &Env, WalkRecord &Rec, const HandOffs &Hand)
      : Env(Env), Rec(Rec), Hand(Hand) {}

  /// At the returns; Returns[V] are partition V's paths to the exit.
  void atReturns(const std::vector<std::vector<ReturnPath>> &Returns);
  /// At joins of paths that differ, with nothing touching the context after.
  void atJoins(const FixpointView &Fix);

private:
  /// How a path leaves context K: held (entered here and kept), free (as it
  /// came in, or released), or neither definitely.
  enum class Balance { Held, Free, Other };
  Balance balanceOf(const ContextState &St, const std::string &K, bool IsLock) const;
  /// "returns with K held on this path but not on others", at Loc.
  Finding finding(const std::string &K, bool IsLock, clang::SourceLocation Loc,
                  const ContextState &St) const;
  /// Held at some returns, free at others, for a lock; Rets are one group's.
  void lockAtReturns(const std::string &K, const std::vector<ReturnPath> &Rets,
                     const std::vector<unsigned> &Group);

  const FunctionEnv &Env;
  WalkRecord &Rec;
  const HandOffs &Hand;
};

} // namespace rcuctx
