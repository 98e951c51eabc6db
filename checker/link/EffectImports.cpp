#include "link/EffectImports.h"

#include "link/Components.h"

#include <algorithm>
#include <map>

namespace rcuctx {

/// Only what a callee definitely does: a depth moved by an exact amount, a
/// lock definitely held or definitely released. An effect the callee's own
/// analysis lost (kfree(): irq and preemption depths widened to [-inf,+inf],
/// locks "held, released or as at entry") is left out, as for an unknown
/// callee: imported, it would smear every caller's state after the call and
/// hide their findings, and it keeps growing from round to round.
/// Exact: nothing was left out (a lock taken and dropped afresh counts as
/// unchanged, Summary::unchangedForCallers()), so a caller's states after the call are as
/// if the body were in its file.
///
/// An exit's key that is not definite but is in each of the exits per
/// returned value of the same modes (Classes: lock_vma_under_rcu() returns
/// the VMA read-locked, or NULL with it not) is that split's join, not a
/// lost effect: kept as it is, exact, as a caller composing the body in its
/// own file would have it before it tests the value.
static ContextState definiteOnly(const ContextState &S, const Summary &F, bool &Exact,
                                 const std::vector<const ContextState *> &Classes = {}) {
  ContextState Out;
  Exact = S.Nesting.Nested.empty(); // nested instances are not imported
  auto SplitCounter = [&](const std::string &K) {
    for (const ContextState *C : Classes)
      if (!C->counter(K).isExact())
        return false;
    return Classes.size() >= 2;
  };
  auto SplitLock = [&](const std::string &K) {
    for (const ContextState *C : Classes) {
      auto It = C->Locks.find(K); // absent: as at entry, which composes exactly too
      if (It != C->Locks.end() &&
          !(It->second.only(LB_Unheld) || It->second.definitelyHeld() || It->second.only(LB_Entry)))
        return false;
    }
    return Classes.size() >= 2;
  };
  for (auto &KV : S.Counters) {
    if (KV.second.isExact() || SplitCounter(KV.first))
      Out.setCounter(KV.first, KV.second);
    else
      Exact = false;
  }
  for (auto &KV : S.Locks) {
    if (KV.second.only(LB_Unheld) || KV.second.definitelyHeld() || SplitLock(KV.first)) {
      Out.Locks[KV.first] = KV.second;
      auto C = S.Nesting.ClassOf.find(KV.first); // its lockdep subclass
      if (C != S.Nesting.ClassOf.end())
        Out.Nesting.ClassOf.insert(*C);
      auto Obj = S.Nesting.ObjectOf.find(KV.first); // its object
      if (Obj != S.Nesting.ObjectOf.end())
        Out.Nesting.ObjectOf.insert(*Obj);
    } else if (!F.unchangedForCallers(KV.first, KV.second)) {
      Exact = false;
    }
  }
  Out.LockSpins = S.LockSpins;
  return Out;
}

/// Whether importing S changes a caller's analysis wherever it is called
/// (DerefParams only matter where a stale pointer is passed: importsUsedBy).
static bool moves(const Summary &S) {
  if (S.Exits.empty() && S.ByReturn.empty())
    return true; // a cycle's first import: never returns (crossFileCycles)
  for (const ExitEffect &X : S.Exits)
    if (!X.State.Counters.empty() || !X.State.Locks.empty())
      return true;
  // ReleasesEntry alone does not move: a function whose exits are all as
  // at entry re-took what it released (its callers' states stay as they
  // were); one that does not re-take has an exit that moves, and brings it.
  return !S.ByReturn.empty() || S.ReturnsTryLock || !S.RefParams.empty() || S.ReturnsRcu ||
         S.ReturnClasses != VC_All ||
         !S.WritesRcu.empty();
}

TuAnalysis::ImportTable importableEffects(const std::vector<const TuRecord *> &Records) {
  std::map<std::string, unsigned> Strong;
  for (const TuRecord *R : Records)
    for (const LinkFunction &F : R->Functions)
      if (!F.Static && !F.Weak)
        ++Strong[F.Name];
  TuAnalysis::ImportTable Out;
  for (const TuRecord *R : Records)
    for (const LinkFunction &F : R->Functions) {
      // Two strong definitions (two configurations of one function, or a
      // name clash): which one a caller gets is the linker's choice; a
      // never-returning function: its callers' paths would end on our word.
      if (F.Static || F.Weak || Strong[F.Name] != 1 || !F.S.Computed || F.S.Exits.empty())
        continue;
      Summary S;
      S.Name = F.Name;
      S.Computed = true;
      S.TrackedParams = F.S.TrackedParams;
      // Exact per exit: a call whose known mode arguments select only
      // exact exits has its whole effect composed (TuAnalysis.cpp).
      for (const ExitEffect &X : F.S.Exits) {
        bool Exact;
        std::vector<const ContextState *> Classes;
        for (const ClassExit &C : F.S.ByReturn)
          if (C.When == X.When)
            Classes.push_back(&C.State);
        S.Exits.push_back({X.When, definiteOnly(X.State, F.S, Exact, Classes)});
        if (!Exact)
          S.InexactWhen.push_back(X.When);
      }
      for (const ClassExit &X : F.S.ByReturn) {
        bool Exact;
        S.ByReturn.push_back({X.When, X.Class, definiteOnly(X.State, F.S, Exact), X.Const});
        if (!Exact)
          S.InexactWhen.push_back(X.When);
      }
      std::sort(S.InexactWhen.begin(), S.InexactWhen.end());
      S.InexactWhen.erase(std::unique(S.InexactWhen.begin(), S.InexactWhen.end()), S.InexactWhen.end());
      S.ImportExact = S.InexactWhen.empty();
      // Classes that now say the same are no split.
      bool Differ = false;
      for (const ClassExit &A : S.ByReturn)
        for (const ClassExit &B : S.ByReturn)
          Differ |= A.When == B.When && !A.State.sameValue(B.State);
      if (!Differ)
        S.ByReturn.clear();
      S.ReturnsTryLock = F.S.ReturnsTryLock;
      S.ReleasesEntry = F.S.ReleasesEntry;
      S.LockObjects = F.S.LockObjects;
      S.LockObjectSets = F.S.LockObjectSets;
      S.RefParams = F.S.RefParams;
      S.NullExitParams = F.S.NullExitParams;
      S.ReturnClasses = F.S.ReturnClasses;
      // RCU pointers across files: returned valid only in the caller's
      // section; parameters dereferenced on every path (where, in another
      // file, is not a location the importing file can show).
      S.ReturnsRcu = F.S.ReturnsRcu;
      S.WritesRcu = F.S.WritesRcu;
      for (auto &PL : F.S.DerefParams)
        S.DerefParams.push_back({PL.first, clang::SourceLocation()});
      S.Imported = true;
      if (moves(S) || !S.DerefParams.empty())
        Out.emplace(F.Name, std::move(S));
    }
  return Out;
}

bool sameEffects(const Summary &A, const Summary &B) {
  if (A.ImportExact != B.ImportExact || A.InexactWhen != B.InexactWhen || A.TrackedParams != B.TrackedParams ||
      A.Exits.size() != B.Exits.size() ||
      A.ByReturn.size() != B.ByReturn.size() || A.RefParams != B.RefParams ||
      A.NullExitParams != B.NullExitParams || A.ReleasesEntry != B.ReleasesEntry ||
      A.ReturnClasses != B.ReturnClasses ||
      A.LockObjects != B.LockObjects || A.LockObjectSets != B.LockObjectSets ||
      A.ReturnsTryLock.has_value() != B.ReturnsTryLock.has_value() ||
      A.ReturnsRcu.has_value() != B.ReturnsRcu.has_value() ||
      (A.ReturnsRcu && !(*A.ReturnsRcu == *B.ReturnsRcu)) || A.WritesRcu != B.WritesRcu ||
      A.DerefParams.size() != B.DerefParams.size())
    return false;
  for (size_t I = 0; I < A.DerefParams.size(); ++I)
    if (A.DerefParams[I].first != B.DerefParams[I].first)
      return false;
  for (size_t I = 0; I < A.Exits.size(); ++I)
    if (A.Exits[I].When != B.Exits[I].When || !A.Exits[I].State.sameValue(B.Exits[I].State))
      return false;
  for (size_t I = 0; I < A.ByReturn.size(); ++I)
    if (A.ByReturn[I].When != B.ByReturn[I].When || A.ByReturn[I].Class != B.ByReturn[I].Class ||
        A.ByReturn[I].Const != B.ByReturn[I].Const ||
        !A.ByReturn[I].State.sameValue(B.ByReturn[I].State))
      return false;
  if (A.ReturnsTryLock) {
    const TryLockResult &X = *A.ReturnsTryLock, &Y = *B.ReturnsTryLock;
    if (X.Key != Y.Key || X.Modes != Y.Modes || X.Spins != Y.Spins || X.SuccessZero != Y.SuccessZero)
      return false;
  }
  return true;
}

void widenEffects(Summary &New, const Summary &Old) {
  if (New.Exits.size() != Old.Exits.size() || New.ByReturn.size() != Old.ByReturn.size())
    return;
  for (size_t I = 0; I < New.Exits.size(); ++I)
    if (New.Exits[I].When == Old.Exits[I].When)
      New.Exits[I].State = Old.Exits[I].State.widen(Old.Exits[I].State.join(New.Exits[I].State));
  for (size_t I = 0; I < New.ByReturn.size(); ++I)
    if (New.ByReturn[I].When == Old.ByReturn[I].When && New.ByReturn[I].Class == Old.ByReturn[I].Class &&
        New.ByReturn[I].Const == Old.ByReturn[I].Const)
      New.ByReturn[I].State =
          Old.ByReturn[I].State.widen(Old.ByReturn[I].State.join(New.ByReturn[I].State));
}

std::set<std::string> importsUsedBy(const TuRecord &R, const TuAnalysis::ImportTable &I) {
  std::set<std::string> Defined, Out;
  for (const LinkFunction &F : R.Functions)
    Defined.insert(F.Name);
  for (const LinkFunction &F : R.Functions)
    for (const CallRecord &C : F.Detail.Calls) {
      auto It = C.CalleeExternal && !Defined.count(C.Facts.Callee) ? I.find(C.Facts.Callee) : I.end();
      // A callee that only dereferences its parameters matters where a
      // stale RCU pointer is passed to it; most files pass none.
      if (It != I.end() && (moves(It->second) || C.PassesStale))
        Out.insert(C.Facts.Callee);
    }
  return Out;
}

std::set<std::string> crossFileCycles(const std::vector<const TuRecord *> &Records) {
  // Nodes: a function by name if it has external linkage, else by its file
  // and name. Edges: direct calls, to the file's own definition first.
  std::map<std::pair<int, std::string>, int> Id;
  std::vector<std::pair<int, std::string>> Names;
  std::vector<std::vector<int>> Succ;
  auto NodeOf = [&](int File, const std::string &Name) {
    auto It = Id.emplace(std::make_pair(File, Name), (int)Names.size());
    if (It.second) {
      Names.push_back({File, Name});
      Succ.emplace_back();
    }
    return It.first->second;
  };
  for (size_t R = 0; R < Records.size(); ++R) {
    std::set<std::string> Statics;
    for (const LinkFunction &F : Records[R]->Functions)
      if (F.Static)
        Statics.insert(F.Name);
    auto Key = [&](const std::string &Name) { return NodeOf(Statics.count(Name) ? (int)R : -1, Name); };
    for (const LinkFunction &F : Records[R]->Functions) {
      int From = Key(F.Name);
      for (const CallRecord &C : F.Detail.Calls) {
        if (C.IndirectKind >= 0 || !C.Facts.Via.empty() || C.Facts.Callee.empty())
          continue;
        int To = Key(C.Facts.Callee);
        Succ[From].push_back(To);
      }
    }
  }
  // The files defining each external name (a static one's is its node's).
  std::map<std::string, std::set<size_t>> DefinedIn;
  for (size_t R = 0; R < Records.size(); ++R)
    for (const LinkFunction &F : Records[R]->Functions)
      if (!F.Static)
        DefinedIn[F.Name].insert(R);
  std::set<std::string> Out;
  for (const std::vector<int> &Scc : componentsBottomUp(
           (int)Names.size(), [&](int V) -> const std::vector<int> & { return Succ[V]; })) {
    if (Scc.size() < 2)
      continue; // no cycle through files (a self-call stays in its file)
    std::set<size_t> Files;
    for (int M : Scc) {
      const auto &[File, Name] = Names[M];
      if (File >= 0) {
        Files.insert(File);
      } else if (auto D = DefinedIn.find(Name); D != DefinedIn.end()) {
        Files.insert(D->second.begin(), D->second.end());
      }
    }
    if (Files.size() > 1)
      for (int M : Scc)
        if (Names[M].first < 0)
          Out.insert(Names[M].second);
  }
  return Out;
}

EffectRounds composeEffectsAcrossFiles(
    size_t NumFiles, const std::vector<const TuRecord *> &Fixed,
    const std::function<std::vector<const TuRecord *>()> &Read,
    const std::function<void(const std::vector<size_t> &, const TuAnalysis::ImportTable &)> &Rerun,
    unsigned MaxRounds) {
  EffectRounds Out;
  std::vector<const TuRecord *> Now = Read();
  TuAnalysis::ImportTable Used;                   // what the last runs imported
  std::vector<std::set<std::string>> Uses(NumFiles); // per file, the names it imports
  std::set<std::string> Seeded;                    // cycles' functions, first "never returns"
  std::set<std::string> Climbing;                  // of those, still changing at the bound
  for (unsigned Round = 1;; ++Round) {
    std::vector<const TuRecord *> All = Fixed;
    for (const TuRecord *R : Now)
      if (R)
        All.push_back(R);
    TuAnalysis::ImportTable Imports = importableEffects(All);
    // Phase 1 analysed a call into another file as a call of unknown effect;
    // for a call cycle through files that is a guess the in-file fixpoint
    // does not make (it starts a recursive component from "never
    // returns"). The first round imports the cycle's functions that way,
    // and the rounds climb from there, as in one file.
    if (Round == 1)
      for (const std::string &Name : crossFileCycles(All)) {
        auto It = Imports.find(Name);
        if (It == Imports.end())
          continue; // not importable (static, weak, defined twice, never returns)
        Summary Bottom;
        Bottom.Name = Name;
        Bottom.Computed = true;
        Bottom.Imported = true;
        It->second = std::move(Bottom);
        Seeded.insert(Name);
      }
    if (Round >= 3)
      for (auto &KV : Imports) {
        auto Old = Used.find(KV.first);
        if (Old != Used.end() && !sameEffects(Old->second, KV.second)) {
          widenEffects(KV.second, Old->second);
          KV.second.ImportExact = false; // widened: no longer definite, in any mode
          KV.second.InexactWhen = {Valuation{}};
        }
      }
    std::vector<size_t> Again;
    for (size_t I = 0; I < NumFiles; ++I) {
      if (!Now[I])
        continue;
      std::set<std::string> U = importsUsedBy(*Now[I], Imports);
      bool Changed = false;
      for (const std::string &Name : U) {
        auto Was = Used.find(Name);
        Changed |= Round == 1 || !Uses[I].count(Name) || Was == Used.end() ||
                   !sameEffects(Was->second, Imports.at(Name));
      }
      // An effect no longer imported, or imported but no longer one that
      // moves (the table still has it for a parameter it dereferences): the
      // last run had the old one, a cycle's "never returns" among them.
      for (const std::string &Name : Uses[I])
        Changed |= !Imports.count(Name) || !U.count(Name);
      if (Changed)
        Again.push_back(I);
      Uses[I] = std::move(U);
    }
    if (Again.empty())
      break;
    if (Round > MaxRounds) {
      Out.Bounded = true;
      // The cycles' functions whose effect was still changing.
      for (const std::string &Name : Seeded) {
        auto Was = Used.find(Name), Is = Imports.find(Name);
        bool Same = (Was == Used.end()) == (Is == Imports.end()) &&
                    (Was == Used.end() || sameEffects(Was->second, Is->second));
        if (!Same)
          Climbing.insert(Name);
      }
      break;
    }
    Rerun(Again, Imports);
    Out.Runs += Again.size();
    Out.Files.insert(Again.begin(), Again.end());
    Out.Rounds = Round;
    Used = std::move(Imports);
    Now = Read();
  }
  // Stopped at the bound while a cycle through files was still climbing
  // from "never returns": the effects of its functions still changing may
  // be too small (fewer paths than the program has) to trust. The files
  // that call them are analysed once more with those functions as unknown
  // callees, as phase 1 had them. (A cycle that settled keeps its effects:
  // the bound may be reached by another import still moving.)
  if (!Climbing.empty()) {
    std::vector<size_t> Again;
    for (size_t I = 0; I < NumFiles; ++I) {
      bool Calls = false;
      if (Now[I])
        for (const LinkFunction &F : Now[I]->Functions)
          for (const CallRecord &C : F.Detail.Calls)
            Calls |= C.CalleeExternal && Climbing.count(C.Facts.Callee);
      if (Calls)
        Again.push_back(I);
    }
    for (const std::string &Name : Climbing)
      Used.erase(Name);
    if (!Again.empty()) {
      Rerun(Again, Used);
      Out.Runs += Again.size();
      Out.Files.insert(Again.begin(), Again.end());
      Now = Read();
    }
  }
  for (const TuRecord *R : Now)
    if (R)
      for (const LinkFunction &F : R->Functions)
        for (const CallRecord &C : F.Detail.Calls)
          Out.Composed += C.CalleeExternal && Used.count(C.Facts.Callee);
  return Out;
}

} // namespace rcuctx
