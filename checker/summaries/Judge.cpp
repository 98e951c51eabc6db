#include "summaries/Judge.h"

#include "report/FindingText.h"

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

Judgement rcuctx::judgeObligations(const std::vector<SitedObligation> &Obls,
                                   const ReachFn &Reaches, bool Strict) {
  Judgement Out;
  auto CoPath = [&](const SitedObligation &A, const SitedObligation &B) {
    return A.Block == B.Block || Reaches(A.Block, B.Block) || Reaches(B.Block, A.Block);
  };
  std::vector<char> Conflicted(Obls.size(), 0);
  for (size_t I = 0; I < Obls.size(); ++I) {
    const Obligation &N = Obls[I].O;
    if (N.K != Obligation::Need || N.Check == CheckId::Unbalanced)
      continue;
    EntryBound NB;
    evaluate(N, Strict, &NB);
    for (size_t J = 0; J < Obls.size() && !Conflicted[I]; ++J) {
      if (I == J)
        continue;
      const Obligation &B = Obls[J].O;
      if (B.GfpParam >= 0 || B.Check == CheckId::Unbalanced)
        continue;
      if (Obls[I].Block == Obls[J].Block && Obls[I].Index == Obls[J].Index)
        continue; // both from one call: the callee already judged them
      if (!compatible(N.When, B.When) || !CoPath(Obls[I], Obls[J]))
        continue;
      EntryBound BB;
      evaluate(B, Strict, &BB);
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
  // Export what callers must provide (not what already is a finding, and not
  // unlock-balance needs, which are judged within one function only).
  for (size_t I = 0; I < Obls.size(); ++I) {
    if (Conflicted[I] || Obls[I].O.Check == CheckId::Unbalanced)
      continue;
    const Obligation &O = Obls[I].O;
    bool Dup = false;
    for (const Obligation &E : Out.Exported)
      if (E.K == O.K && E.AnyOf == O.AnyOf && E.When == O.When && E.GfpParam == O.GfpParam &&
          E.At.sameValue(O.At)) {
        Dup = true;
        break;
      }
    if (!Dup && Out.Exported.size() < 64)
      Out.Exported.push_back(O);
  }
  return Out;
}
