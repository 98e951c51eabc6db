// The transfer function of a CFG edge out of a two-way branch: a test of a
// mode parameter takes only the edge matching the partition; a try-lock (a
// rule's try-acquire, or a function whose summary says it returns a
// try-lock's result) holds the lock on the edge where it succeeded; a
// conditional yield (`cond_resched_lock()` returning true) ends sections on
// its true edge.
#pragma once

#include "dataflow/FunctionScope.h"
#include "provenance/PointerTracker.h"
#include "transfer/StepTransfer.h"

namespace rcuctx {

class EdgeTransfer {
public:
  EdgeTransfer(const FunctionEnv &Env, StepTransfer &Steps, const PointerTracker &Ptrs)
      : Env(Env), Steps(Steps), Ptrs(Ptrs) {}

  /// The state flowing along From's successor edge SuccIdx in partition V,
  /// given the state Out at From's end (nullopt: the edge is not taken).
  PState edge(const clang::CFGBlock *From, unsigned SuccIdx, const PState &Out, unsigned V) const;

private:
  const FunctionEnv &Env;
  StepTransfer &Steps;
  const PointerTracker &Ptrs;
};

} // namespace rcuctx
