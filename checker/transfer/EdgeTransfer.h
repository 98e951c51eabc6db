// The transfer function of a CFG edge out of a branch: a test of a mode
// (`if (shared)`, `if (reg == C)`, `switch (reg)`'s `case C:`) takes only
// the edges matching the partition; a try-lock (a
// rule's try-acquire, or a function whose summary says it returns a
// try-lock's result) holds the lock on the edge where it succeeded; a
// conditional yield (`cond_resched_lock()` returning true) ends sections on
// its true edge; any other test of a value that decides a context (a
// callee's result, a stored try-lock result) refines the state
// (transfer/ValueSplitTransfer.h).
#pragma once

#include "dataflow/FunctionScope.h"
#include "provenance/PointerTracker.h"
#include "transfer/StepTransfer.h"
#include "transfer/ValueSplitTransfer.h"

#include <map>
#include <set>

namespace rcuctx {

class EdgeTransfer {
public:
  EdgeTransfer(const FunctionEnv &Env, StepTransfer &Steps, const PointerTracker &Ptrs,
               const ValueSplitTransfer &Splits)
      : Env(Env), Steps(Steps), Ptrs(Ptrs), Splits(Splits) {}

  /// The state flowing along From's successor edge SuccIdx in partition V,
  /// given the state Out at From's end (nullopt: the edge is not taken).
  PState edge(const clang::CFGBlock *From, unsigned SuccIdx, const PState &Out, unsigned V) const;

private:
  /// The value in partition V of a condition that is a mode (a parameter,
  /// an equality, a bit or a mask), where C is one and V fixes it.
  std::optional<bool> modeTruth(const clang::Expr *C, unsigned V) const;
  /// Whether partition V's modes rule out E having the truth Want: a
  /// conjunction wanted true (or a disjunction wanted false) with an
  /// operand the modes make the other way.
  bool impliedFalse(const clang::Expr *E, bool Want, unsigned V, int Depth = 0) const;
  PState switchEdge(const clang::SwitchStmt *Sw, const clang::CFGBlock *From, unsigned SuccIdx,
                    const PState &Out, unsigned V) const;
  /// A switch's case constants, read once per switch (an edge is judged per
  /// successor, partition and fixpoint visit: a big switch would be
  /// quadratic). Not decidable: a GNU range or a constant no key holds.
  struct SwitchCases {
    bool Decidable = true;
    std::map<const clang::SwitchCase *, int64_t> Of;
    std::set<int64_t> Values;
  };
  const SwitchCases &casesOf(const clang::SwitchStmt *Sw) const;
  mutable std::map<const clang::SwitchStmt *, SwitchCases> CaseCache;

  const FunctionEnv &Env;
  StepTransfer &Steps;
  const PointerTracker &Ptrs;
  const ValueSplitTransfer &Splits;
};

} // namespace rcuctx
