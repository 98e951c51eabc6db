// The transfer function of rule steps (rules/*.yaml, resolved at one site):
// enter/exit a counting context, acquire/release a lock, need a context or
// lock, may sleep, set the task state, wait for a grace period, take a reference, yield,
// forget, assume-false, entry. Acquisitions also go to the lock order.
// Changes the state, emits the obligations a step creates, and records what
// was touched or released (for the imbalance checks).
//
// Knows nothing of calls or summaries (transfer/CallTransfer.h applies those).
#pragma once

#include "dataflow/FunctionScope.h"
#include "provenance/PointerTracker.h"
#include "transfer/OrderTransfer.h"

namespace rcuctx {

class StepTransfer {
public:
  StepTransfer(const FunctionEnv &Env, WalkRecord &Rec, const PointerTracker &Ptrs,
               OrderTransfer &Order)
      : Env(Env), Rec(Rec), Ptrs(Ptrs), Order(Order) {}

  /// Applies Steps, resolved at Loc for the rule Name (a macro or a
  /// function), to St in partition V.
  /// Via: what follows the callee's name in messages when it was reached
  /// through a pointer (" (through 'ops->f', ...)").
  void apply(const std::vector<ResolvedStep> &Steps, clang::SourceLocation Loc,
             const std::string &Name, bool IsMacro, ContextState &St, unsigned V,
             const std::string &Via = "");
  /// The same, emitting nothing (an edge's try-lock success).
  void applySilently(const std::vector<ResolvedStep> &Steps, clang::SourceLocation Loc,
                     const std::string &Name, bool IsMacro, ContextState &St, unsigned V) {
    bool Saved = Rec.Collect;
    Rec.Collect = false;
    apply(Steps, Loc, Name, IsMacro, St, V);
    Rec.Collect = Saved;
  }

  /// The lock-order class an acquisition takes: its key, or "key/N" for
  /// lockdep's subclass N.
  static std::string orderClass(const ResolvedStep &S);

private:
  void acquire(const ResolvedStep &S, clang::SourceLocation Loc, ContextState &St);
  void release(const ResolvedStep &S, clang::SourceLocation Loc, const std::string &Shown,
               ContextState &St, unsigned V);
  /// A release needs the lock held (rcuctx-unbalanced), judged on St.
  void emitReleaseNeed(const ResolvedStep &S, clang::SourceLocation Loc, const std::string &Shown,
                       const ContextState &St, unsigned V);
  /// A may-sleep step; Blocks: also a blocking op (not a reschedule
  /// point), which needs the task running (rcuctx-blocking-state).
  void sleep(const ResolvedStep &S, clang::SourceLocation Loc, const std::string &Callee,
             bool Blocks, ContextState &St, unsigned V);
  void setTaskState(uint8_t Modes, clang::SourceLocation Loc, ContextState &St);
  void need(const ResolvedStep &S, clang::SourceLocation Loc, const std::string &Shown,
            ContextState &St, unsigned V);

  const FunctionEnv &Env;
  WalkRecord &Rec;
  const PointerTracker &Ptrs;
  OrderTransfer &Order;
};

} // namespace rcuctx
