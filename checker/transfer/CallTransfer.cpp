#include "transfer/CallTransfer.h"

#include "dataflow/BodyWrites.h"
#include "dataflow/ModeExprs.h"

#include "facts/Places.h"
#include "report/FindingText.h"

#include "llvm/ADT/Hashing.h"

#include <algorithm>

using namespace clang;
using namespace rcuctx;

ArgClassFn rcuctx::argClassesOf(const CallExpr *CE, const FactExtractor &FX,
                                const FunctionDecl *Caller) {
  return [&FX, CE, Caller](unsigned I) {
    return CE && I < CE->getNumArgs() ? FX.lockClass(CE->getArg(I), Caller) : std::string();
  };
}

ArgClassFn rcuctx::argObjectsOf(const CallExpr *CE, const FactExtractor &FX,
                                const FunctionDecl *Caller) {
  return [&FX, CE, Caller](unsigned I) {
    return CE && I < CE->getNumArgs() ? FX.pointedObject(CE->getArg(I), Caller) : std::string();
  };
}

SiteArgs rcuctx::callArgs(const CallExpr *CE) {
  return {CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
}

void CallTransfer::call(const CallExpr *CE, ContextState &St, unsigned V, bool &Dead) {
  FilledHere.clear();
  if (const FunctionDecl *Callee = CE->getDirectCallee())
    direct(CE, Callee, nullptr, St, V, Dead);
  else
    indirect(CE, St, V, Dead);
  // What it may have written through the pointers it was given.
  PointerTracker::passedOn(CE, St, FilledHere);
  // Obligations emitted after this call are not the call's: the link
  // replaces a call's obligations when it lifts the callee again, and must
  // not drop an accessor that merely follows a call it recorded.
  Rec.CurCall = -1;
}

void CallTransfer::splitOnTryLocks(const CallExpr *CE, const std::vector<ResolvedStep> &Resolved,
                                   ContextState &St) const {
  for (const ResolvedStep &S : Resolved)
    if (S.Op == StepOp::TryAcquire && !S.Key.empty()) {
      Rec.noteObject(S.Key, S.Object, S.LockText);
      // Its lockdep subclass, for the branch where it is held (the split
      // carries lock states only; where it is not held, the class is moot).
      if (S.Subclass > 0 && !St.lock(S.Key).definitelyHeld())
        St.Nesting.ClassOf[S.Key] = StepTransfer::orderClass(S);
      Splits.fromTryLock(CE, S.Key, S.Modes, S.Spins, S.SuccessZero, St);
    }
}

void CallTransfer::direct(const CallExpr *CE, const FunctionDecl *Callee, const Via *Through,
                          ContextState &St, unsigned V, bool &Dead) {
  const FactExtractor &FX = Env.FX;
  // The state before the call, for a guard's constructor only (a copy of
  // every map of the state: not made for other calls).
  const VarDecl *Guard = Env.Body.guardInitialised(CE);
  std::optional<ContextState> Before;
  if (Guard)
    Before = St;
  const CalleeRule &CR = ruleOf(Callee);
  const std::string &Name = CR.Name;
  const FunctionRule *R = CR.Rule;
  // A contract rule is the callee's summary (the lookup offers it), not
  // steps applied here; its other steps (a sleep) happen inside the call,
  // in the state it is made in.
  if (R && R->isContract()) {
    Steps.apply(resolvedAt(CE, *R), CE->getExprLoc(), Name, false, St, V, Through ? Through->What : "");
    R = nullptr;
  }
  const Summary *CS = (!R || R->augmentsBody()) ? Env.Lookup(Callee) : nullptr;
  Rec.CurCall = -1;
  if (Rec.Collect && Env.Opts.KeepDetail && (!R || R->augmentsBody()))
    Rec.CurCall = recordCall(CE, Callee, Through, CS != nullptr && !CS->Imported, St, V);
  if (!R && !CS)
    return;
  if (CS && !CS->NullExitParams.empty() && returnsAtOnce(*CS, callFacts(CE, Callee, Through, CS).Args))
    return; // `get_state(NULL, ...)`: it returns before doing anything
  if (CS)
    applySummary(CE, Callee, Through, *CS, St, V, Dead);
  Rec.CurCall = -1;
  if (R && !Dead) {
    const std::vector<ResolvedStep> &Resolved = resolvedAt(CE, *R);
    Steps.apply(Resolved, CE->getExprLoc(), Name, false, St, V, Through ? Through->What : "");
    splitOnTryLocks(CE, Resolved, St);
  } else if (CS && !Dead && CS->ReturnsTryLock && CS->ByReturn.empty()) {
    std::string Key = resolveKeyAt(CS->ReturnsTryLock->Key, argClassesOf(CE, FX, Env.FD));
    if (!Key.empty())
      Splits.fromTryLock(CE, Key, CS->ReturnsTryLock->Modes, CS->ReturnsTryLock->Spins,
                         CS->ReturnsTryLock->SuccessZero, St);
  }
  if (Guard)
    Guards.constructed(Guard, *Before, St);
}

const CallTransfer::CalleeRule &CallTransfer::ruleOf(const FunctionDecl *Callee) {
  auto It = Rules.find(Callee);
  if (It == Rules.end()) {
    std::string Name = Callee->getNameAsString();
    const FunctionRule *R = Env.FX.rules().lookup(Name, /*IsMacro=*/false);
    It = Rules.try_emplace(Callee, CalleeRule{std::move(Name), R}).first;
  }
  return It->second;
}

const std::vector<ResolvedStep> &CallTransfer::resolvedAt(const CallExpr *CE,
                                                          const FunctionRule &R) {
  auto Key = std::make_pair(CE, &R);
  auto It = Resolved.find(Key);
  if (It != Resolved.end())
    return *It->second;
  std::vector<ResolvedStep> Steps = Env.FX.resolve(R, callArgs(CE), Env.FD);
  llvm::hash_code H = llvm::hash_value(Steps.size());
  for (const ResolvedStep &S : Steps)
    H = llvm::hash_combine(H, unsigned(S.Op), S.Key, S.LockText, S.Object);
  auto &Bucket = DistinctByHash[unsigned(size_t(H))];
  const std::vector<ResolvedStep> *Shared = nullptr;
  for (const std::vector<ResolvedStep> *Cand : Bucket)
    if (*Cand == Steps) {
      Shared = Cand;
      break;
    }
  if (!Shared) {
    Distinct.push_back(std::make_unique<const std::vector<ResolvedStep>>(std::move(Steps)));
    Shared = Distinct.back().get();
    Bucket.push_back(Shared);
  }
  Resolved.try_emplace(Key, Shared);
  return *Shared;
}

std::map<int, int> CallTransfer::passesOf(const CallExpr *CE) const {
  std::map<int, int> Out;
  for (unsigned I = 0; I < CE->getNumArgs(); ++I)
    if (auto P = Env.Parts.passedParam(CE->getArg(I)))
      Out[I] = *P;
  return Out;
}

void CallTransfer::applySummary(const CallExpr *CE, const FunctionDecl *Callee, const Via *Through,
                                const Summary &CS, ContextState &St, unsigned V, bool &Dead) {
  // The callee's mode parameters, as this call sets them.
  std::map<int, bool> Known;
  for (int K : CS.modeKeys())
    if (auto Val = Env.Parts.modeValue(K, CE, Env.FX.astContext(), V))
      Known[K] = *Val;
  if (Rec.Collect) {
    CallSiteFacts Facts = callFacts(CE, Callee, Through, &CS);
    Lifted L = liftSummary(CS, Facts, Known, St);
    bool Guarded = Env.Body.inGuard(CE->getExprLoc());
    std::map<int, int> Passes = passesOf(CE);
    bool Sleepable = Env.Body.sleepableAt(CE->getExprLoc());
    for (Obligation &O : L.Obligations) {
      // A callee's sleep under the caller's `if (!in_atomic())`.
      O.OwnStateOnly |= O.K == Obligation::NoSleep && Sleepable;
      ContextState At = O.At;
      O.CalleeConditional = O.Conditional;
      O.Conditional |= Guarded;
      Valuation Passed = passedModes(O.When, Known, Passes);
      Rec.emit(std::move(O), At, V, Env, Passed);
    }
    for (LiftedConflict &C : L.Conflicts) {
      Rec.Result.Findings.push_back(std::move(C.F));
      Rec.Result.Relocated.push_back({Callee, C.Index});
    }
    if (!Facts.OneOfMany)
      Order.callee(CS, argClassesOf(CE, Env.FX, Env.FD), argObjectsOf(CE, Env.FX, Env.FD),
                   CE->getExprLoc(),
                   Env.quotedName() + " calls " + quoted(Callee->getNameAsString()) +
                       Facts.ViaNote + " here",
                   St, Known, V);
  }
  // The RCU lists it updates, with what this call holds around it too,
  // where the callee left it as it came in (not dropped before an update).
  if (Rec.Collect && !CS.ListUpdates.empty()) {
    WalkRecord::ListUpdateSets Here = WalkRecord::listUpdateAt(St);
    ArgClassFn Args = argClassesOf(CE, Env.FX, Env.FD);
    for (auto &KV : CS.ListUpdates) {
      WalkRecord::ListUpdateSets At;
      std::set<std::string> CalleeTouched;
      for (const std::string &L : KV.second.Touched)
        CalleeTouched.insert(resolveKeyAt(L, Args)); // "" where it cannot be named here
      bool Unnamed = CalleeTouched.count("");
      for (const std::string &L : Here.Held)
        if (!Unnamed && !CalleeTouched.count(L))
          At.Held.insert(L);
      for (const std::string &L : KV.second.Held)
        if (std::string K = resolveKeyAt(L, Args); !K.empty())
          At.Held.insert(K);
      At.Touched = Here.Touched;
      At.Touched.insert(CalleeTouched.begin(), CalleeTouched.end());
      At.Touched.erase("");
      // A link the callee was given: named by this call's argument.
      std::string List = KV.first;
      if (ctx::isParamRef(List)) {
        int P = ctx::paramOf(List);
        List = Env.FX.updatedList(P >= 0 && P < (int)CE->getNumArgs() ? CE->getArg(P) : nullptr, Env.FD);
      }
      Rec.noteListUpdate(List, At);
    }
  }
  if (sleepsAtEntryDepth(CS, Known))
    St.Slept = SleepMark{Rec.CurBlock, Rec.CurIndex, {}};
  // RCU pointers the callee leaves in what the arguments point to, read at
  // this depth (before the call's own effect on it).
  std::vector<std::pair<PtrPath, RcuPointer>> Filled;
  if (!CS.WritesRcu.empty())
    Filled = Ptrs.filledBy(CE, CS, St);
  applyExitEffects(CE, CS, Known, St, Dead);
  if (!Dead)
    for (auto &[Place, P] : Filled) {
      PointerTracker::forget(St, Place);
      St.Ptrs[Place] = P;
      FilledHere.push_back(Place);
    }
  // A reference taken on what an argument points to (shrinker_try_get()):
  // the RCU pointers it names are pinned, as after a rule's take-ref.
  for (int P : CS.RefParams)
    if (P < (int)CE->getNumArgs())
      if (auto Place = pathOf(CE->getArg(P)))
        PointerTracker::forget(St, PtrPath{Place->Base, ""});
}

bool CallTransfer::sleepsAtEntryDepth(const Summary &CS, const std::map<int, bool> &Known) {
  // The callee's unconditional sleeps at its entry depth, in the modes this
  // call may select. A mode the call does not fix (a variable passed for
  // `bool mirror`) leaves several valuations open: the call sleeps only if
  // each of them does, so the valuations are enumerated, not just matched.
  std::vector<const Valuation *> Sleeps;
  std::vector<int> Open;
  for (const Obligation &O : CS.Obligations) {
    if (O.K != Obligation::NoSleep || O.GfpParam >= 0 || O.Conditional)
      continue;
    bool AtEntryDepth = true;
    for (auto &KV : O.At.Counters)
      AtEntryDepth &= !forbidsSleep(KV.first) || KV.second == Interval();
    bool Fits = AtEntryDepth;
    for (auto &PV : O.When) {
      auto It = Known.find(PV.first);
      if (It == Known.end()) {
        if (std::find(Open.begin(), Open.end(), PV.first) == Open.end())
          Open.push_back(PV.first);
      } else {
        Fits &= It->second == PV.second;
      }
    }
    if (Fits)
      Sleeps.push_back(&O.When);
  }
  if (Sleeps.empty() || Open.size() > 8)
    return false;
  for (unsigned Bits = 0; Bits < (1u << Open.size()); ++Bits) {
    bool Covered = false;
    for (const Valuation *W : Sleeps) {
      bool Holds = true;
      for (auto &PV : *W) {
        auto Pos = std::find(Open.begin(), Open.end(), PV.first);
        if (Pos != Open.end())
          Holds &= (((Bits >> (Pos - Open.begin())) & 1) != 0) == PV.second;
      }
      if ((Covered = Holds))
        break;
    }
    if (!Covered)
      return false;
  }
  return true;
}

void CallTransfer::applyExitEffects(const CallExpr *CE, const Summary &CS,
                                    const std::map<int, bool> &Known, ContextState &St,
                                    bool &Dead) {
  // An exit applies unless this call fixes one of its mode values otherwise.
  auto Applies = [&](const Valuation &When) {
    for (auto &PV : When) {
      auto It = Known.find(PV.first);
      if (It != Known.end() && It->second != PV.second)
        return false;
    }
    return true;
  };
  SourceLocation Loc = CE->getExprLoc();
  PState Joined;
  ArgClassFn Args = argClassesOf(CE, Env.FX, Env.FD);
  ArgClassFn Objects = argObjectsOf(CE, Env.FX, Env.FD);
  for (const ExitEffect &X : CS.Exits) {
    if (!Applies(X.When))
      continue;
    ContextState After = St.compose(resolveStateAt(X.State, Args, Objects));
    keepHoldsOfOtherInstances(CS, X.State, Args, St, After);
    Joined = Joined ? Joined->join(After) : After;
    // A summary without a body's facts (declared only): a class it may
    // leave not held, other than by its own take and drop, is perhaps
    // released from this function's entry hold.
    if (!CS.Computed)
      for (auto &KV : X.State.Locks)
        if (KV.second.has(LB_Unheld) && !CS.unchangedForCallers(KV.first, KV.second)) {
          std::string K = resolveKeyAt(KV.first, Args);
          Rec.releasedFrom(K, St.lock(K));
        }
  }
  // A body's facts say it: the classes the callee may release from its
  // entry, whatever it leaves them as (dropped and taken again: held), are
  // released from this function's entry where they may still be as at it.
  if (CS.Computed)
    for (const std::string &CK : CS.ReleasesEntry) {
      std::string K = resolveKeyAt(CK, Args);
      Rec.releasedFrom(K, St.lock(K));
    }
  if (!Joined) {
    if (CS.Computed)
      Dead = true; // never returns
    return;
  }
  ContextState Before = St;
  for (auto &KV : Joined->Counters)
    if (KV.second != Before.counter(KV.first))
      Rec.touch(KV.first);
  for (auto &KV : Joined->Locks)
    if (KV.second != Before.lock(KV.first))
      Rec.touch(KV.first);
  St = *Joined;
  St.LastRelease = Before.LastRelease;
  St.LastAcquire = Before.LastAcquire;
  for (auto &KV : St.Counters) {
    Interval B = Before.counter(KV.first);
    if (KV.second.Lo < B.Lo) {
      St.LastRelease.assign(KV.first, Loc);
      Rec.Released.insert(KV.first);
      Ptrs.markStale(St, KV.first, Loc, false);
    }
    if (KV.second.Hi > B.Hi)
      St.LastAcquire.assign(KV.first, Loc);
  }
  for (auto &KV : Before.Counters)
    if (!St.Counters.count(KV.first) && KV.second.Hi > 0)
      St.LastRelease.assign(KV.first, Loc);
  for (auto &KV : St.Locks) {
    LockSet B = Before.lock(KV.first);
    if (KV.second != B) {
      if (KV.second.has(LB_Unheld)) {
        St.LastRelease.assign(KV.first, Loc);
        Rec.Released.insert(KV.first);
      }
      if (KV.second.has(LockSet::Held))
        St.LastAcquire.assign(KV.first, Loc);
    }
  }
  if (!CS.ByReturn.empty()) {
    splitByReturn(CE, CS, Before, Applies, St);
  } else if (CS.ReturnClasses != VC_All && CS.ReturnClasses) {
    // One context whatever the value, but not every class possible
    // (lookup_undo() returns NULL or an object, never an ERR_PTR()): what
    // a local storing it, and a test of that, can know.
    std::optional<ContextState> Classes[ValueClassSlots];
    for (unsigned I = 0; I < 3; ++I)
      if (CS.ReturnClasses & (1u << I))
        Classes[I] = St;
    Splits.fromClasses(CE, Classes, std::nullopt, St);
  }
  keepInstancesApart(CE, CS, Applies, Before, St);
}

void CallTransfer::keepHoldsOfOtherInstances(const Summary &CS, const ContextState &Exit,
                                              const ArgClassFn &Args, const ContextState &Before,
                                              ContextState &After) {
  // A class the callee takes afresh (no try-lock, not a recursive reader)
  // and never releases from its entry, while this function holds it: the
  // callee's instance is another one, or it would deadlock (padata's
  // padata_find_next() takes and drops reorder->lock under the caller's
  // squeue->serial.lock, both 'struct padata_list::lock'). Its "not held"
  // is its own instance's; the caller's hold stays.
  for (auto &KV : Exit.Locks) {
    if (KV.second.has(LockSet::Held) || !KV.second.has(LB_Unheld) || ctx::paramOf(KV.first) >= 0 ||
        std::binary_search(CS.ReleasesEntry.begin(), CS.ReleasesEntry.end(), KV.first))
      continue;
    // Not where the callee reaches the lock through a parameter ("$N.path":
    // `spin_lock(&pd->serial.lock)` may be the caller's own instance, a
    // self-deadlock the caller's unlock after the call still shows).
    bool Afresh = false, ViaParam = false;
    for (const Acquisition &A : CS.Acquires)
      if (A.Class == KV.first) {
        Afresh |= !A.Try && A.Mode != AcqMode::RecursiveRead;
        ViaParam |= !A.Object.empty() && A.Object[0] == '$';
      }
    Afresh &= !ViaParam;
    std::string K = resolveKeyAt(KV.first, Args);
    if (Afresh && Before.lock(K).definitelyHeld())
      After.setLock(K, Before.lock(K));
  }
}

void CallTransfer::splitByReturn(const CallExpr *CE, const Summary &CS, const ContextState &Before,
                                 const std::function<bool(const Valuation &)> &Applies,
                                 ContextState &St) {
  std::optional<ContextState> Classes[ValueClassSlots];
  std::optional<int64_t> Named;
  ArgClassFn Args = argClassesOf(CE, Env.FX, Env.FD);
  ArgClassFn Objects = argObjectsOf(CE, Env.FX, Env.FD);
  for (const ClassExit &X : CS.ByReturn) {
    if (!Applies(X.When))
      continue;
    ContextState After = Before.compose(resolveStateAt(X.State, Args, Objects));
    keepHoldsOfOtherInstances(CS, X.State, Args, Before, After);
    unsigned I = 0;
    while (I < ValueClassSlots && X.Class != (1u << I))
      ++I;
    if (I == ValueClassSlots)
      continue;
    // One constant per function (carveConstant()), named on every exit;
    // two in a summary file that says otherwise: the second joins its class.
    if (X.Const && !Named)
      Named = X.Const;
    if (X.Class == VC_Const && (!X.Const || *Named != X.Const))
      I = X.Const < 0 ? 1 : 2;
    Classes[I] = Classes[I] ? Classes[I]->join(After) : After;
  }
  Splits.fromClasses(CE, Classes, Named, St);
  // The callee gave the context up on some classes' paths: its caller is
  // now one that may leave it unbalanced (ImbalanceCheck judges only
  // contexts a function gives up somewhere).
  auto It = St.Splits.find(CE);
  if (It != St.Splits.end()) {
    for (auto &KV : It->second.Joined.Locks)
      Rec.Released.insert(KV.first);
    for (auto &KV : It->second.Joined.Counters)
      Rec.Released.insert(KV.first);
  }
}

CallSiteFacts CallTransfer::callFacts(const CallExpr *CE, const FunctionDecl *Callee,
                                      const Via *Through, const Summary *CS) const {
  CallSiteFacts F;
  F.Caller = Env.fnName();
  F.Callee = Callee ? Callee->getNameAsString() : "";
  if (Through) {
    F.Via = Through->What;
    F.ViaNote = Through->Note;
    F.OneOfMany = Through->OneOfMany;
  }
  F.Loc = CE->getExprLoc();
  std::vector<char> Want(CE->getNumArgs(), CS == nullptr);
  auto Mark = [&](int I) {
    if (I >= 0 && I < (int)Want.size())
      Want[I] = 1;
  };
  if (CS) {
    auto MarkKey = [&](const std::string &K) { Mark(ctx::paramOf(K)); };
    // The link lifts acquisitions again: their parameters, and the objects
    // their locks belong to, must be known there as here.
    for (const Acquisition &A : CS->Acquires) {
      MarkKey(A.Class);
      Mark(objectParam(A.Object));
    }
    for (const Obligation &O : CS->Obligations) {
      Mark(O.GfpParam);
      for (const Atom &A : O.AnyOf)
        if (A.K != Atom::Exempt)
          MarkKey(A.Key);
      for (auto &KV : O.At.Locks)
        MarkKey(KV.first);
      for (auto &KV : O.At.Counters)
        MarkKey(KV.first);
      for (auto &KV : O.PathFlags) // a pointer parameter's NULL test
        MarkKey(KV.first);
    }
  }
  F.Args.resize(CE->getNumArgs());
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    const Expr *A = CE->getArg(I);
    ArgFacts &AF = F.Args[I];
    AF.Null = A->isNullPointerConstant(Env.FX.astContext(), Expr::NPC_ValueDependentIsNotNull);
    if (const auto *DR = dyn_cast<DeclRefExpr>(A->IgnoreParenImpCasts()))
      if (const auto *PV = dyn_cast<ParmVarDecl>(DR->getDecl());
          PV && PV->getType()->isPointerType() && PV->getFunctionScopeIndex() < (unsigned)ModeParams &&
          !contains(writtenParams(), PV->getFunctionScopeIndex()))
        AF.Param = int(PV->getFunctionScopeIndex());
    if (!Want[I])
      continue;
    AF.LockClass = Env.FX.lockClass(A, Env.FD);
    AF.LockObject = Env.FX.pointedObject(A, Env.FD);
    int P = -1;
    AF.Gfp = Env.FX.gfp(A, Env.FD, P);
    AF.GfpParam = AF.Gfp == ResolvedStep::GfpOnParam ? P : -1;
    if (AF.Gfp == ResolvedStep::GfpAlways)
      AF.Text = Env.FX.textOf(A);
  }
  return F;
}

const std::vector<unsigned> &CallTransfer::writtenParams() const { return Env.Parts.writes().Params; }

std::string CallTransfer::slotName(const Expr *Callee) const {
  const Expr *E = peelFunctionValue(Callee);
  if (!E)
    return "";
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    if (isa<FunctionDecl>(DR->getDecl()))
      return DR->getDecl()->getNameAsString(); // a static_call() trampoline
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    // static_call() without HAVE_STATIC_CALL reads `__SCK__name.func`.
    std::string Key = staticCallOfKey(ME->getBase());
    if (!Key.empty() && ME->getMemberDecl()->getName() == "func")
      return TrampolinePrefix + Key;
    QualType T = ME->getBase()->getType();
    if (ME->isArrow())
      T = T->getPointeeType();
    if (T.isNull())
      return "";
    return Env.FX.typeNameOf(T) + "::" + ME->getMemberDecl()->getNameAsString();
  }
  return "";
}

int CallTransfer::recordCall(const CallExpr *CE, const FunctionDecl *Callee, const Via *Through,
                             bool HasBody, const ContextState &St, unsigned V) {
  bool Static = Callee && !Callee->isExternallyVisible();
  if (Callee && !HasBody && Static)
    return -1; // nothing outside this TU can define it
  auto &Calls = Rec.Result.Detail.Calls;
  auto It = CallIndex.find({CE, Callee});
  if (It == CallIndex.end()) {
    CallRecord R;
    R.Facts = callFacts(CE, Callee, Through, nullptr);
    R.CalleeExternal = Callee && !HasBody;
    R.CalleeStatic = Static;
    R.Guarded = Env.Body.inGuard(CE->getExprLoc());
    R.Block = Rec.CurBlock;
    R.Index = Rec.CurIndex;
    It = CallIndex.insert({{CE, Callee}, (int)Calls.size()}).first;
    Calls.push_back(std::move(R));
  }
  for (unsigned I = 0; I < CE->getNumArgs(); ++I)
    if (auto P = Ptrs.provenance(CE->getArg(I), St))
      Calls[It->second].PassesStale |= P->Stale;
  CallRecord::At A;
  A.Partition = V;
  A.St = St;
  A.St.Ptrs.clear();
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    if (auto Val = Env.Parts.argValue(CE->getArg(I), Env.FX.astContext(), V))
      A.Known[I] = *Val;
    // Constants too, converted to the parameter's type: the link evaluates
    // a callee's equality modes on them.
    Expr::EvalResult R;
    // (`(void *)DETACH_GROUP` to a callback's `void *info`: the same bits.)
    const Expr *Arg = ignoreValueCasts(CE->getArg(I), Env.FX.astContext());
    if (I < (unsigned)ModeParams && !Arg->isValueDependent() && Arg->getType()->isIntegerType() &&
        Arg->EvaluateAsInt(R, Env.FX.astContext()))
      if (auto C = R.Val.getInt().tryExtValue())
        A.Consts[I] = *C;
    if (I >= (unsigned)ModeParams || A.Consts.count(I))
      continue;
    // Bits and const objects: the link evaluates bit and field modes on them.
    if (Arg->getType()->isIntegerType()) {
      auto [Mask, Val] = Env.Parts.knownBits(Arg, V);
      Mask &= ~(uint64_t(1) << 63);
      if (Mask)
        A.Bits[I] = {int64_t(Mask), int64_t(Val & Mask)};
    } else if (Arg->getType()->isPointerType()) {
      std::map<int, int64_t> Fs = Env.Parts.objectFields(Arg, V, CE);
      if (!Fs.empty())
        A.Fields[I] = std::move(Fs);
    }
  }
  Calls[It->second].Passes = passesOf(CE);
  Calls[It->second].PassesField.clear();
  for (unsigned I = 0; I < CE->getNumArgs() && I < (unsigned)ModeParams; ++I)
    if (auto PF = Env.Parts.passedField(CE->getArg(I)))
      Calls[It->second].PassesField[I] = {(int)PF->first, (int)PF->second};
  Calls[It->second].States.push_back(std::move(A));
  return It->second;
}
