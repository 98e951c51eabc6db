#include "transfer/GuardTransfer.h"

using namespace clang;
using namespace rcuctx;

void GuardTransfer::constructed(const VarDecl *Guard, const ContextState &Before,
                                const ContextState &After) {
  // The same call each time the walk passes: what it did to a counter is a
  // shift, read from a finite bound on either side. In a loop the depth
  // may be widened to (-inf, N]: the upper bounds still show the shift. A
  // counter with no finite bound at all keeps what an earlier pass saw (if
  // the delta were lost there, the cleanup would undo nothing and leave the
  // section open after the guard's scope: fuzz/findings, issue #19).
  const Delta *Old = nullptr;
  if (auto It = Deltas.find(Guard); It != Deltas.end())
    Old = &It->second;
  Delta D;
  for (auto &KV : After.Counters) {
    Interval B = Before.counter(KV.first), A = KV.second;
    if (A.Lo != Interval::NegInf && B.Lo != Interval::NegInf) {
      if (A.Lo != B.Lo)
        D.Counters.push_back({KV.first, A.Lo - B.Lo});
    } else if (A.Hi != Interval::PosInf && B.Hi != Interval::PosInf) {
      if (A.Hi != B.Hi)
        D.Counters.push_back({KV.first, A.Hi - B.Hi});
    } else if (Old) {
      for (auto &C : Old->Counters)
        if (C.first == KV.first)
          D.Counters.push_back(C);
    }
  }
  for (auto &KV : After.Locks)
    if (KV.second.definitelyHeld() && !Before.lock(KV.first).definitelyHeld())
      D.Locks.push_back({KV.first, KV.second.Bits});
  Deltas[Guard] = D;
}

void GuardTransfer::cleanedUp(const VarDecl *Guard, SourceLocation Loc, ContextState &St,
                              WalkRecord &Rec) const {
  auto It = Deltas.find(Guard);
  if (It == Deltas.end())
    return;
  for (auto &C : It->second.Counters) {
    St.setCounter(C.first, St.counter(C.first).shift(-C.second));
    if (C.second > 0)
      St.LastRelease.assign(C.first, Loc);
  }
  // A spinning lock's preemption count is undone with it, unless the
  // counter delta above already undid it (then it would count twice:
  // found by fuzz/run.py, test/lit/fuzz/guard-callee-ends-sched-section.c).
  bool PreemptUndone = false;
  for (auto &C : It->second.Counters)
    PreemptUndone |= C.first == ctx::Preempt;
  for (auto &L : It->second.Locks) {
    auto Sp = St.LockSpins.find(L.first);
    if (!PreemptUndone && (Sp == St.LockSpins.end() || Sp->second))
      St.setCounter(ctx::Preempt, St.counter(ctx::Preempt).shift(-1));
    Rec.releasedFrom(L.first, St.lock(L.first));
    St.setLock(L.first, LockSet::of(LB_Unheld));
    St.LastRelease.assign(L.first, Loc);
  }
}
