#include "summaries/ContractSummary.h"

#include "facts/LockModeBits.h"
#include "lattice/ContextKey.h"
#include "lattice/ValueSplit.h"

#include <algorithm>

using namespace rcuctx;

namespace {
// The lock a step names: its class (`lock_class:`) or the argument passed
// for it ("$N", resolved at each call).
std::string keyOf(const RuleStep &S) {
  return S.LockClass.empty() ? "$" + std::to_string(S.Arg) : S.LockClass;
}

// The effect relative to entry of the steps that apply when the mode
// arguments are W and the value lies in Class.
ContextState effectAt(const FunctionRule &R, const Valuation &W, uint8_t Class) {
  ContextState St;
  for (const RuleStep &S : R.Steps) {
    if (!S.contract())
      continue; // applied at the call (FactExtractor::resolve): a sleep, IRQs off
    if (S.OnReturn && !(S.OnReturn & Class))
      continue;
    if (S.WhenArg >= 0) {
      auto It = std::find_if(W.begin(), W.end(), [&](auto &PV) { return PV.first == S.WhenArg; });
      if (It != W.end() && !It->second)
        continue;
    }
    bool Take = S.Op == StepOp::Acquire;
    std::string K = keyOf(S);
    St.setLock(K, LockSet::of(Take ? modeBits(S.Mode) & LockSet::Held : LB_Unheld));
    if (S.Spins) { // a spinning lock's hold disables preemption
      St.LockSpins[K] = true;
      St.setCounter(ctx::Preempt, St.counter(ctx::Preempt).shift(Take ? 1 : -1));
    }
  }
  return St;
}
} // namespace

std::optional<Summary> rcuctx::summaryFromContract(const FunctionRule &R) {
  if (!R.isContract())
    return std::nullopt;
  Summary S;
  S.Computed = true;
  S.Name = R.Name;
  for (const RuleStep &St : R.Steps) {
    if (St.WhenArg >= 0 &&
        std::find(S.TrackedParams.begin(), S.TrackedParams.end(), St.WhenArg) ==
            S.TrackedParams.end())
      S.TrackedParams.push_back(St.WhenArg);
    // A lock it may drop while the caller's hold is as at entry.
    if (St.Op == StepOp::Release)
      S.ReleasesEntry.push_back(keyOf(St));
    // A lock it takes, for the lock order (not at a return: the summary's
    // call site is the place; the mode from the step).
    if (St.Op == StepOp::Acquire) {
      Acquisition A;
      A.Class = keyOf(St);
      A.Mode = St.Mode == LockMode::Shared ? AcqMode::Read : AcqMode::Write;
      A.Spins = St.Spins;
      A.Try = St.Try; // a trylock waits for nothing held (no edge into it)
      A.SiteNote = "'" + R.Name + "' acquires '" + A.Class + "' (its rules contract)";
      S.Acquires.push_back(A);
    }
  }
  std::sort(S.TrackedParams.begin(), S.TrackedParams.end());
  std::sort(S.ReleasesEntry.begin(), S.ReleasesEntry.end());
  S.ReleasesEntry.erase(std::unique(S.ReleasesEntry.begin(), S.ReleasesEntry.end()),
                        S.ReleasesEntry.end());
  // Every valuation of the mode arguments (at most 2^4: the schema allows
  // any index, a contract names one or two), and each value class in it.
  size_t N = std::min<size_t>(S.TrackedParams.size(), 4);
  // The value's classes, where a `returns` step names them
  // (cgroup_procs_write_start() returns ERR_PTR() or the task, never NULL).
  uint8_t Classes = R.returnClasses() ? R.returnClasses() : uint8_t(VC_All);
  S.ReturnClasses = Classes;
  bool ClassesDiffer = false;
  for (unsigned Bits = 0; Bits < (1u << N); ++Bits) {
    Valuation W;
    for (size_t I = 0; I < N; ++I)
      W.push_back({S.TrackedParams[I], ((Bits >> I) & 1) != 0});
    std::optional<ContextState> First;
    for (uint8_t C : {VC_Zero, VC_Error, VC_Valid}) {
      if (!(Classes & C))
        continue;
      ContextState X = effectAt(R, W, C);
      if (!First)
        First = X;
      ClassesDiffer |= !X.sameValue(*First);
      S.Exits.push_back({W, X});
      S.ByReturn.push_back({W, C, X});
    }
  }
  // One effect whatever the value: no split (but the classes still narrow
  // the value: Summary::ReturnClasses).
  if (!ClassesDiffer)
    S.ByReturn.clear();
  return S;
}
