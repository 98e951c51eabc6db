#include "summaries/Judge.h"

#include "report/FindingText.h"

#include <algorithm>
#include <map>

using namespace clang;
using namespace rcuctx;

Disposition rcuctx::classify(const Obligation &O, bool Strict) {
  Verdict Vd = evaluate(O, Strict);
  bool GfpDependent = O.K == Obligation::NoSleep && O.GfpParam >= 0;
  if (Vd == Verdict::Violated)
    return GfpDependent ? Disposition::Drop : Disposition::Finding;
  if (Vd == Verdict::Depends || GfpDependent)
    return Disposition::Pending;
  return Disposition::Drop;
}

/// Whether one exported need may stand for two whose path flags are A and
/// B: the same, one a part of the other (the merged need, under the fewer
/// flags, holds wherever either did), or differing in one flag only, set
/// on one and clear on the other (both arms of one test). Other sets are
/// kept apart: a need under `f&X` and one under `$0` non-NULL merged would
/// hold where neither did.
static bool mergeablePathFlags(const CowMap<std::string, bool> &A, const CowMap<std::string, bool> &B) {
  if (A == B)
    return true;
  auto PartOf = [](const CowMap<std::string, bool> &X, const CowMap<std::string, bool> &Y) {
    for (auto &KV : X)
      if (auto It = Y.find(KV.first); It == Y.end() || It->second != KV.second)
        return false;
    return true;
  };
  if (PartOf(A, B) || PartOf(B, A))
    return true;
  if (A.size() != B.size())
    return false;
  unsigned Differ = 0;
  for (auto &KV : A) {
    auto It = B.find(KV.first);
    if (It == B.end())
      return false;
    Differ += It->second != KV.second;
  }
  return Differ == 1;
}

Judgement rcuctx::judgeObligations(const std::vector<SitedObligation> &Obls,
                                   const CoPathFn &CoPath, bool Strict) {
  Judgement Out;
  // Each obligation's bounds on the entry context, once. Only an obligation
  // that forbids (a no-sleep: upper bounds) or pins a lock's modes can
  // exclude a need, so each need is paired with those candidates alone, in
  // index order; whether the two share a path is asked last, for pairs that
  // would contradict.
  std::vector<EntryBound> Bounds(Obls.size());
  std::vector<size_t> NoSleeps;
  std::map<std::string, std::vector<size_t>> ByLock;
  for (size_t J = 0; J < Obls.size(); ++J) {
    const Obligation &B = Obls[J].O;
    evaluate(B, Strict, &Bounds[J]);
    if (B.GfpParam >= 0 || B.Check == CheckId::Unbalanced)
      continue;
    if (B.K == Obligation::NoSleep)
      NoSleeps.push_back(J);
    for (auto &L : Bounds[J].LockIn)
      if (ByLock[L.first].empty() || ByLock[L.first].back() != J)
        ByLock[L.first].push_back(J);
  }
  std::vector<char> Conflicted(Obls.size(), 0);
  std::vector<size_t> Candidates;
  for (size_t I = 0; I < Obls.size(); ++I) {
    const Obligation &N = Obls[I].O;
    if (N.K != Obligation::Need || N.Check == CheckId::Unbalanced)
      continue;
    const EntryBound &NB = Bounds[I];
    Candidates = NoSleeps;
    if (!NB.LockIn.empty()) {
      auto It = ByLock.find(NB.LockIn.front().first);
      if (It != ByLock.end()) {
        size_t Mid = Candidates.size();
        Candidates.insert(Candidates.end(), It->second.begin(), It->second.end());
        std::inplace_merge(Candidates.begin(), Candidates.begin() + Mid, Candidates.end());
      }
    }
    for (size_t J : Candidates) {
      if (Conflicted[I])
        break;
      if (I == J)
        continue;
      const Obligation &B = Obls[J].O;
      if (Obls[I].Block == Obls[J].Block && Obls[I].Index == Obls[J].Index)
        continue; // both from one call: the callee already judged them
      if (!compatible(N.When, B.When))
        continue;
      const EntryBound &BB = Bounds[J];
      auto OnOnePath = [&] { return CoPath(Obls[J].Block, Obls[I].Block); };
      // Every way to satisfy N must be excluded by B.
      std::string Key;
      bool All = !NB.Lower.empty() || !NB.LockIn.empty();
      for (auto &L : NB.Lower) {
        bool Hit = false;
        for (auto &U : BB.Upper)
          if (U.first == L.first && L.second > U.second)
            Hit = true;
        All &= Hit;
        if (Hit && Key.empty())
          Key = L.first;
      }
      for (auto &L : NB.LockIn) {
        bool Hit = false;
        for (auto &M : BB.LockIn)
          if (M.first == L.first && !(M.second & L.second))
            Hit = true;
        All &= Hit;
        if (Hit && Key.empty())
          Key = L.first;
      }
      // A spinning lock the need wants held from entry (an assertion, no
      // acquisition) while the same path sleeps: the sleep is the bug.
      if ((!All || Key.empty()) && B.K == Obligation::NoSleep) {
        bool Asked = false, Shared = false;
        for (const Atom &A : N.AnyOf) {
          if (A.K != Atom::Lock || (A.Modes & LB_Unheld) || N.AnyOf.size() != 1 || N.Conditional)
            continue;
          auto Sp = N.At.LockSpins.find(A.Key);
          // At the sleep the lock is either as at entry (held, by the need)
          // or retaken: never released.
          LockSet AtSleep = B.At.lock(A.Key);
          if (Sp == N.At.LockSpins.end() || !Sp->second || !AtSleep.mayBeEntry() ||
              AtSleep.has(LB_Unheld) || N.At.lock(A.Key) != LockSet::entry())
            continue;
          if (!Asked)
            Shared = OnOnePath(), Asked = true;
          if (!Shared)
            break;
          Finding F;
          F.Check = CheckId::SleepInAtomic;
          F.Loc = B.Loc;
          F.Message = B.What + " may sleep, but spinning lock " + quoted(A.Key) + " is held here";
          F.Notes.push_back({N.Loc, N.SiteNote});
          F.Notes.insert(F.Notes.end(), N.Chain.begin(), N.Chain.end());
          F.Notes.insert(F.Notes.end(), B.Chain.begin(), B.Chain.end());
          Out.Findings.push_back(F);
        }
        continue;
      }
      if (!All || Key.empty())
        continue;
      // Two lock modes on one path where one of them is needed only under
      // an `if` on runtime state (Obligation::Conditional): no contradiction
      // is inferred. kernel/events/hw_breakpoint.c asserts bp_cpuinfo_sem
      // held for write `if (!bp->hw.target)` and for read otherwise, as
      // bp_constraints_lock() took it: the data picks the mode.
      if (NB.Lower.empty() && (N.Conditional || B.Conditional))
        continue;
      if (!OnOnePath())
        continue;
      Conflicted[I] = 1;
      bool IsCounter = !NB.Lower.empty();
      auto Ended = N.At.LastRelease.find(Key);
      if (IsCounter && Ended == N.At.LastRelease.end()) {
        // Nothing in this function ended the section: the place to fix is
        // most likely a caller that did. Let callers report it.
        Out.Conflicts.push_back({Key, N, B});
        continue;
      }
      if (IsCounter) {
        Out.Findings.push_back(conflictFinding({Key, N, B}, N, Ended->second));
        continue;
      }
      Finding F;
      F.Check = N.Check;
      F.Loc = N.Loc;
      uint8_t NM = NB.LockIn.front().second, BM = 0;
      for (auto &M : BB.LockIn)
        if (M.first == Key)
          BM = M.second;
      F.Message = N.What + " requires " + quoted(Key) + " " + describeModes(NM) + ", but " +
                  B.What + " on the same path requires it " + describeModes(BM);
      F.Notes = N.Chain;
      F.Notes.push_back({B.Loc, B.SiteNote});
      F.Notes.insert(F.Notes.end(), B.Chain.begin(), B.Chain.end());
      Out.Findings.push_back(F);
    }
  }
  // Needs after a sleep on every path, judged by how far the depth moved
  // since (ContextState::Slept), where the entry-relative depths could not
  // decide: after a loop head that joins "held" with "dropped".
  for (size_t I = 0; I < Obls.size(); ++I) {
    if (Conflicted[I] || Obls[I].SleptBlock < 0)
      continue;
    const Obligation &N = Obls[I].O;
    for (size_t J : NoSleeps) {
      if ((int)Obls[J].Block != Obls[I].SleptBlock || Obls[J].Index != Obls[I].SleptIndex ||
          Obls[J].Partition != Obls[I].Partition)
        continue;
      const std::string &Key = primaryAtom(N).Key;
      Conflicted[I] = 1;
      auto Ended = N.At.LastRelease.find(Key);
      if (Ended == N.At.LastRelease.end())
        Out.Conflicts.push_back({Key, N, Obls[J].O});
      else
        Out.Findings.push_back(conflictFinding({Key, N, Obls[J].O}, N, Ended->second));
      break;
    }
  }
  // Export what callers must provide (not what already is a finding, and not
  // unlock-balance needs, which are judged within one function only).
  for (size_t I = 0; I < Obls.size(); ++I) {
    if (Conflicted[I] || Obls[I].O.Check == CheckId::Unbalanced)
      continue;
    const Obligation &O = Obls[I].O;
    // A need kept only for the sleep-mark judgement (at an unknown depth,
    // FunctionScope.h: depthUnknown) asks nothing of callers.
    if (O.K == Obligation::Need && evaluate(O, Strict) == Verdict::Satisfied)
      continue;
    bool Dup = false;
    for (Obligation &E : Out.Exported)
      if (E.K == O.K && E.AnyOf == O.AnyOf && E.When == O.When && E.GfpParam == O.GfpParam &&
          E.OutsideInterrupt == O.OutsideInterrupt && E.FaultOnly == O.FaultOnly &&
          E.At.sameValue(O.At) && mergeablePathFlags(E.PathFlags, O.PathFlags)) {
        // One need on paths whose flags differ (both arms of `if (x->f &
        // BIT)`): one need under the flags both agree on, which holds
        // wherever either does. (Kept apart, they filled the 64 and
        // crowded other needs out.)
        if (E.PathFlags != O.PathFlags)
          for (auto It = E.PathFlags.begin(); It != E.PathFlags.end();) {
            auto OIt = O.PathFlags.find(It->first);
            It = OIt == O.PathFlags.end() || OIt->second != It->second ? E.PathFlags.erase(It) : std::next(It);
          }
        // Conditional only where both were.
        E.Conditional &= O.Conditional;
        E.CalleeConditional &= O.CalleeConditional;
        // Explained by the shorter chain: a sleep in the body itself, not
        // the same one reached again round a recursion.
        if (O.Chain.size() < E.Chain.size()) {
          E.Loc = O.Loc;
          E.SiteNote = O.SiteNote;
          E.Chain = O.Chain;
          E.What = O.What;
        }
        Dup = true;
        break;
      }
    if (!Dup && Out.Exported.size() < 64)
      Out.Exported.push_back(O);
  }
  return Out;
}
