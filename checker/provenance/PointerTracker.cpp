#include "provenance/PointerTracker.h"

#include "dataflow/BodyWrites.h"
#include "facts/Places.h"
#include "report/FindingText.h"

#include <algorithm>
#include <iterator>

using namespace clang;
using namespace rcuctx;

/// "RCU read-side critical section" for "an RCU read-side critical section".
static std::string sectionWithoutArticle(const std::string &Key) {
  std::string Section = describeSection(Key);
  if (Section.rfind("an ", 0) == 0)
    Section = Section.substr(3);
  return Section;
}

void PointerTracker::track(const Stmt *S, ContextState &St, unsigned V) {
  // A read with an accessor whose requirement is one section (or, for an
  // RCU-any list iterator, whichever flavour is held).
  if (const auto *AA = Env.Body.accessorAssignment(S)) {
    const PtrPath &Place = AA->first;
    forget(St, Place);
    if (auto P = readWith(AA->second, St))
      St.Ptrs[Place] = *P;
    return;
  }
  // Stores: the value's provenance follows it (copies, &p->f, container_of,
  // a function returning an RCU-protected pointer); any other store forgets
  // what the place held.
  auto Store = [&](const PtrPath &L, const Expr *RHS) {
    std::optional<RcuPointer> P = provenance(RHS, St);
    forget(St, L);
    if (P)
      St.Ptrs[L] = *P;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      if (auto L = pathOf(BO->getLHS()))
        Store(*L, BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    if (DS->isSingleDecl())
      if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
        if (VD->getInit())
          Store(PtrPath{VD, ""}, VD->getInit());
    return;
  }
  if (St.Ptrs.empty())
    return;
  // Taking a place's address lets it escape: stop following it.
  if (const auto *U = dyn_cast<UnaryOperator>(S))
    if (U->getOpcode() == UO_AddrOf)
      if (auto P = pathOf(U->getSubExpr()))
        forget(St, *P);
  checkDereference(S, St, V);
}

/// Why a stale pointer is: the section it was read in ended, or the lock
/// that kept its field (or its object) stable was released.
static std::string staleBecause(const RcuPointer &P) {
  if (P.endedByLock())
    return "the " + sectionWithoutArticle(P.Key) + " it was read in ended and " + quoted(P.Lock) +
           ", which keeps it stable, was released";
  return "the " + sectionWithoutArticle(P.Key) + " it was read in ended";
}

static std::string endNote(const RcuPointer &P) {
  return P.endedByLock() ? quoted(P.Lock) + " released here" : sectionNoun(P.Key) + " ended here";
}

/// The notes of a stale use: the read, the pin by the object's lock, the end.
static void explain(Finding &F, const std::string &Name, const RcuPointer &P) {
  bool HeldAtRead = P.byLock() && !P.pinnedByObjectLock();
  F.Notes.push_back({P.ReadLoc, Name + " is read with " + P.Accessor + " here" +
                                    (!HeldAtRead      ? ""
                                     : P.LockAtEntry ? ", with " + quoted(P.Lock) + " held if the caller held it"
                                                     : ", with " + quoted(P.Lock) + " held")});
  if (P.pinnedByObjectLock())
    F.Notes.push_back({P.PinLoc, quoted(P.Lock) + ", in the object it points to, is taken here"});
  if (P.EndLoc.isValid())
    F.Notes.push_back({P.EndLoc, endNote(P)});
}

std::optional<RcuPointer> PointerTracker::useAfterSection(const RcuPointer &P, const std::string &Name,
                                                          const std::string &How, SourceLocation UseLoc,
                                                          const ContextState &St, unsigned V) {
  if (P.Stale)
    return P;
  if (!P.LockAtEntry || !P.SectionEnded || P.LockGone)
    return std::nullopt;
  if (St.lock(P.Lock) != LockSet::entry()) {
    // Taken or dropped since the read, on some path at least: taken, it was
    // not held at entry (lockdep would call that recursion); dropped, it
    // keeps nothing. The read had only its section, which has ended (as
    // the check judged such a pointer before it knew the lock).
    RcuPointer Q = P;
    Q.Lock.clear();
    Q.LockAtEntry = Q.SectionEnded = false;
    Q.Stale = true;
    return Q;
  }
  if (!Rec.Collect)
    return std::nullopt;
  // Held since entry, if the caller held it: the callers are asked.
  std::string Section = sectionWithoutArticle(P.Key);
  Obligation O;
  O.K = Obligation::Need;
  O.AnyOf = {{Atom::Lock, P.Lock, LockSet::Held}};
  O.Check = CheckId::StalePointer;
  O.What = Env.quotedName();
  O.Loc = UseLoc;
  O.Conditional = Env.Body.inGuard(UseLoc);
  O.SiteNote = Env.quotedName() + " " + How + " " + Name + " here, after the " + Section +
               " it was read in ended; " + quoted(P.Lock) + " keeps it stable";
  O.Chain.push_back({P.ReadLoc, Name + " is read with " + P.Accessor + " here"});
  if (P.EndLoc.isValid())
    O.Chain.push_back({P.EndLoc, sectionNoun(P.Key) + " ended here"});
  Rec.emit(std::move(O), St, V, Env);
  return std::nullopt;
}

void PointerTracker::checkPassedToDereferencer(const CallExpr *CE, const ContextState &St, unsigned V) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  const Summary *CSum = Rec.Collect && Callee ? Env.Lookup(Callee) : nullptr;
  if (!CSum)
    return;
  for (auto &[K, DerefLoc] : CSum->DerefParams) {
    if (K >= (int)CE->getNumArgs())
      continue;
    std::optional<RcuPointer> P = provenance(CE->getArg(K), St);
    auto Place = pathOf(CE->getArg(K));
    SourceLocation ArgLoc = CE->getArg(K)->getExprLoc();
    if (!P || (!P->Stale && !P->LockAtEntry))
      continue;
    std::string Name = "'" + (Place ? pathName(*Place) : Env.FX.textOf(CE->getArg(K))) + "'";
    P = useAfterSection(*P, Name, "passes to '" + Callee->getNameAsString() + "'", ArgLoc, St, V);
    if (!P || !StaleReported.insert({ArgLoc.getRawEncoding(), Place ? *Place : PtrPath{}}).second)
      continue;
    Finding F;
    F.Check = CheckId::StalePointer;
    F.Loc = ArgLoc;
    F.Message = Name + " is passed to '" + Callee->getNameAsString() +
                "', which dereferences it, after " + staleBecause(*P);
    explain(F, Name, *P);
    if (DerefLoc.isValid()) // not for a callee defined in another file (phase 2)
      F.Notes.push_back({DerefLoc, "'" + Callee->getNameAsString() + "' dereferences it here"});
    Rec.Result.Findings.push_back(F);
  }
}

void PointerTracker::checkDereference(const Stmt *S, const ContextState &St, unsigned V) {
  std::optional<PtrPath> Used;
  SourceLocation UseLoc;
  if (const auto *ME = dyn_cast<MemberExpr>(S)) {
    if (ME->isArrow()) {
      Used = pathOf(ME->getBase());
      UseLoc = ME->getOperatorLoc();
    }
  } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
    if (U->getOpcode() == UO_Deref) {
      Used = pathOf(U->getSubExpr());
      UseLoc = U->getOperatorLoc();
    }
  } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(S)) {
    Used = pathOf(AS->getBase());
    UseLoc = AS->getExprLoc();
  }
  if (Used && Env.Body.addressOnly(S))
    return; // `&p->f == head`: an address compared, nothing loaded
  auto It = Used ? St.Ptrs.find(*Used) : St.Ptrs.end();
  if (!Rec.Collect || It == St.Ptrs.end() || (!It->second.Stale && !It->second.LockAtEntry))
    return;
  std::string Name = "'" + pathName(*Used) + "'";
  std::optional<RcuPointer> Stale = useAfterSection(It->second, Name, "dereferences", UseLoc, St, V);
  if (!Stale || !StaleReported.insert({UseLoc.getRawEncoding(), *Used}).second)
    return;
  const RcuPointer &P = *Stale;
  Finding F;
  F.Check = CheckId::StalePointer;
  F.Loc = UseLoc;
  F.Message = Name + " is dereferenced after " + staleBecause(P);
  explain(F, Name, P);
  Rec.Result.Findings.push_back(F);
}

void PointerTracker::markStale(ContextState &St, const std::string &Key, SourceLocation Loc,
                               bool Always) const {
  for (auto &KV : St.Ptrs.edit()) {
    RcuPointer &P = KV.second;
    if (P.Key != Key || P.Stale || P.SectionEnded)
      continue;
    // Every section of the flavour (or domain) this function entered has
    // ended on every path: the one the pointer was read in and any it was
    // nested in, which keeps it too (`rcu_read_lock(); rcu_read_lock(); p =
    // rcu_dereference(gp); rcu_read_unlock(); p->x`: the grace period waits
    // for the outermost unlock). A read in the caller's section (depth 0)
    // ends with that one.
    if (Always || St.counter(Key).Hi < std::min(P.ReadDepth, 1)) {
      if (P.byLock() && !P.LockGone) {
        P.SectionEnded = true; // the update-side lock still keeps it
        if (P.LockAtEntry)
          P.EndLoc = Loc; // (for the callers' explanation)
        continue;
      }
      P.Stale = true;
      P.EndLoc = Loc;
    }
  }
}

/// Whether Q is a place reached through the pointer P holds (`p->f`, `*p`,
/// `p[]` for p), not P itself.
static bool throughPointer(const PtrPath &Q, const PtrPath &P) {
  if (!Q.within(P) || Q.Fields.size() <= P.Fields.size())
    return false;
  char Next = Q.Fields[P.Fields.size()];
  return Next == '-' || Next == '*' || Next == '[';
}

void PointerTracker::forget(ContextState &St, const PtrPath &P) {
  // A store to the whole object a pointer points to (`*itp = *saved`) is
  // one to every member reached through it (`itp->cur`, `itp[]`).
  std::optional<PtrPath> Pointer;
  if (!P.Fields.empty() && P.Fields.back() == '*')
    Pointer = PtrPath{P.Base, P.Fields.substr(0, P.Fields.size() - 1)};
  for (auto It = St.Ptrs.begin(); It != St.Ptrs.end();) {
    bool Gone = It->first.within(P) || (Pointer && throughPointer(It->first, *Pointer));
    It = Gone ? St.Ptrs.erase(It) : std::next(It);
  }
}

void PointerTracker::passedOn(const CallExpr *CE, ContextState &St, const std::vector<PtrPath> &Kept) {
  if (St.Ptrs.empty())
    return;
  for (const Expr *A : CE->arguments()) {
    // As the callee receives it (the parameter's type: a pointer to const
    // is read only); an array decays to a pointer it may write through.
    QualType T = A->getType();
    if (T->isPointerType() && T->getPointeeType().isConstQualified())
      continue;
    if (!T->isPointerType() && !A->IgnoreParenImpCasts()->getType()->isArrayType())
      continue;
    auto P = pathOf(A);
    if (!P)
      continue;
    for (auto It = St.Ptrs.begin(); It != St.Ptrs.end();) {
      bool Under = throughPointer(It->first, *P) &&
                   std::find(Kept.begin(), Kept.end(), It->first) == Kept.end();
      It = Under ? St.Ptrs.erase(It) : std::next(It);
    }
  }
}

std::optional<RcuPointer> PointerTracker::provenance(const Expr *E, const ContextState &St) const {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenCasts();
  // The accessor itself: sptep_to_sp(rcu_dereference(iter.sptep)). (First:
  // its expansion may be a statement expression of its own.)
  if (const MacroInvocation *M = Env.Body.wholeAccessor(E))
    return readWith(M, St);
  if (auto P = pathOf(E)) {
    auto It = St.Ptrs.find(*P);
    if (It != St.Ptrs.end())
      return It->second;
    return std::nullopt;
  }
  // Into the same object: &p->f, &p[i], p + n, container_of(p, ...).
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_AddrOf) {
      const Expr *Sub = U->getSubExpr()->IgnoreParenImpCasts();
      if (const auto *ME = dyn_cast<MemberExpr>(Sub))
        return ME->isArrow() ? provenance(ME->getBase(), St) : provenance(ME->getBase(), St);
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Sub))
        return provenance(AS->getBase(), St);
    }
    return std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isAdditiveOp()) {
      if (BO->getLHS()->getType()->isPointerType())
        return provenance(BO->getLHS(), St);
      if (BO->getRHS()->getType()->isPointerType())
        return provenance(BO->getRHS(), St);
    }
    return std::nullopt;
  }
  if (const auto *SE = dyn_cast<StmtExpr>(E)) {
    // container_of: ({ void *__mptr = (void *)(p); (T *)(__mptr - off); })
    if (const Expr *Last = stmtExprValue(SE))
      return provenance(Last, St);
    return std::nullopt;
  }
  // A function whose result points into its argument's object (rules: derive).
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = CE->getDirectCallee()) {
      int A = Env.FX.rules().derivesFrom(Callee->getNameAsString());
      if (A >= 0 && A < (int)CE->getNumArgs())
        return provenance(CE->getArg(A), St);
    }
  // A function returning a pointer read in its caller's section.
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = CE->getDirectCallee())
      if (const Summary *CS = Env.Lookup(Callee))
        if (CS->ReturnsRcu && ctx::paramOf(CS->ReturnsRcu->Key) < 0) {
          RcuPointer P;
          P.Key = CS->ReturnsRcu->Key;
          Interval D = St.counter(P.Key);
          if (D.Lo == Interval::NegInf)
            return std::nullopt;
          P.ReadDepth = D.Lo + CS->ReturnsRcu->Depth;
          P.ReadLoc = Env.SM.getExpansionLoc(CE->getExprLoc());
          P.Accessor = "'" + Callee->getNameAsString() + "'";
          return P;
        }
  return std::nullopt;
}

void PointerTracker::lockTaken(const SiteArgs &Args, SourceLocation Loc, ContextState &St) const {
  if (St.Ptrs.empty())
    return;
  // The caller's update-side lock, taken here after the read: it was not
  // the caller's (held at entry, this would be recursion), so the read had
  // only its section. Nor does taking it now pin the pointer: an updater
  // may have unpublished the object before, and its grace period waits for
  // the section alone. The pointer is the section's from here.
  bool Taken = false;
  for (auto &KV : St.Ptrs)
    Taken |= KV.second.LockAtEntry && !KV.second.Stale && St.lock(KV.second.Lock).definitelyHeld();
  if (Taken)
    for (auto &KV : St.Ptrs.edit())
      if (KV.second.LockAtEntry && !KV.second.Stale && St.lock(KV.second.Lock).definitelyHeld()) {
        RcuPointer &P = KV.second;
        P.Lock.clear();
        P.LockAtEntry = false;
        if (P.SectionEnded) { // (ended while the caller's lock was assumed)
          P.SectionEnded = false;
          P.Stale = true;
        }
      }
  for (unsigned I = 0; I < Args.Count; ++I) {
    // `&p->lock`, `&p->a.lock`: a lock in the object p points to.
    const auto *U = dyn_cast_or_null<UnaryOperator>(Args(I) ? Args(I)->IgnoreParenCasts() : nullptr);
    if (!U || U->getOpcode() != UO_AddrOf)
      continue;
    const auto *ME = dyn_cast<MemberExpr>(U->getSubExpr()->IgnoreParenImpCasts());
    while (ME && !ME->isArrow())
      ME = dyn_cast<MemberExpr>(ME->getBase()->IgnoreParenImpCasts());
    auto Place = ME ? pathOf(ME->getBase()) : std::nullopt;
    auto It = Place ? St.Ptrs.find(*Place) : St.Ptrs.end();
    // (A lock the caller may hold is no pin this function can count on;
    // the object's own lock, held here, is.)
    if (It == St.Ptrs.end() || It->second.Stale || It->second.SectionEnded ||
        (It->second.byLock() && !It->second.LockAtEntry))
      continue;
    std::string Class = Env.FX.lockClass(U, Env.FD);
    if (Class.empty() || !St.lock(Class).definitelyHeld())
      continue; // not a lock, or this call did not leave it held
    const std::string &Holders = St.Nesting.holderOf(Class);
    if (!Holders.empty() && Holders != LockNesting::Several &&
        !holderSetHas(Holders, Env.FX.lockInstance(U)))
      continue; // held, but through another object of the type
    RcuPointer P = It->second;
    P.Lock = Class;
    P.LockAtEntry = false;
    P.PinLoc = Loc;
    St.Ptrs[*Place] = P;
  }
}

void PointerTracker::lockReleased(ContextState &St, SourceLocation Loc) const {
  if (St.Ptrs.empty())
    return;
  auto Dropped = [&](const RcuPointer &P) {
    return P.byLock() && !P.LockGone && !P.Stale && St.lock(P.Lock).only(LB_Unheld);
  };
  bool Any = false;
  for (auto &KV : St.Ptrs)
    Any |= Dropped(KV.second);
  if (!Any)
    return; // no copy of the map
  for (auto &KV : St.Ptrs.edit())
    if (Dropped(KV.second)) {
      RcuPointer &P = KV.second;
      P.LockGone = true;
      if (P.SectionEnded) { // the section had ended: nothing protects it now
        P.Stale = true;
        P.EndLoc = Loc;
      }
    }
}

std::optional<RcuPointer> PointerTracker::readWith(const MacroInvocation *Inv, const ContextState &St) const {
  std::optional<std::vector<std::string>> Locks; // the field's update-side locks, read once
  for (const ResolvedStep &R : Env.Body.macroSteps(Inv)) {
    if (R.Op != StepOp::Need || R.Assertion || R.Escape || R.AlwaysTrue || R.AnyOf.empty())
      continue;
    std::string Key;
    for (const Atom &A : R.AnyOf) {
      if (A.K != Atom::Counter) {
        Key.clear();
        break;
      }
      if (Key.empty() && (R.AnyOf.size() == 1 || St.counter(A.Key).Lo >= 1))
        Key = A.Key;
    }
    if (Key.empty() || ctx::paramOf(Key) >= 0)
      continue;
    RcuPointer P;
    P.Key = Key;
    P.ReadDepth = St.counter(P.Key).Lo;
    P.ReadLoc = Env.SM.getExpansionLoc(Inv->NameLoc);
    P.Accessor = Inv->Name + "()";
    if (!Locks)
      Locks = Env.FX.updateSideLocks(Env.Body.macroArgs(Inv)(0));
    // The lock keeps it too: one held here, or else one this function
    // has left as its caller had it (held there, the use after the
    // section asks the callers: useAfterSection()).
    for (const std::string &L : *Locks)
      if (St.lock(L).definitelyHeld()) {
        P.Lock = L;
        break;
      }
    if (P.Lock.empty())
      for (const std::string &L : *Locks)
        if (St.lock(L) == LockSet::entry()) {
          P.Lock = L;
          P.LockAtEntry = true;
          break;
        }
    if (P.ReadDepth != Interval::NegInf)
      return P;
  }
  return std::nullopt;
}


std::optional<ReturnedRcuPointer>
PointerTracker::returned(const std::vector<std::vector<ReturnPath>> &Returns) const {
  if (!Env.FD->getReturnType()->isPointerType())
    return std::nullopt;
  std::optional<ReturnedRcuPointer> Ret;
  for (const std::vector<ReturnPath> &Paths : Returns)
    for (const ReturnPath &R : Paths) {
      if (!R.Value)
        return std::nullopt;
      if (R.Value->isNullPointerConstant(Env.FX.astContext(), Expr::NPC_ValueDependentIsNull))
        continue;
      std::optional<RcuPointer> P = provenance(R.Value, R.St);
      // (A lock the caller may hold is not this function's to hand on:
      // such a pointer goes to the caller as its section's.)
      if (!P || P->Stale || (P->byLock() && !P->LockAtEntry))
        return std::nullopt;
      ReturnedRcuPointer This{P->Key, P->ReadDepth};
      if (Ret && !(*Ret == This))
        return std::nullopt;
      Ret = This;
    }
  return Ret;
}

std::vector<WrittenRcuPointer>
PointerTracker::written(const std::vector<std::vector<ReturnPath>> &Returns) const {
  std::optional<std::vector<WrittenRcuPointer>> Common;
  // A parameter the body assigns may point elsewhere by the time it is
  // written through: not the caller's argument's object.
  const std::vector<unsigned> &Written = Env.Parts.writes().Params;
  auto Reassigned = [&](unsigned I) { return std::find(Written.begin(), Written.end(), I) != Written.end(); };
  for (const std::vector<ReturnPath> &Paths : Returns)
    for (const ReturnPath &R : Paths) {
      std::vector<WrittenRcuPointer> Here;
      for (auto &KV : R.St.Ptrs) {
        const PtrPath &Place = KV.first;
        const RcuPointer &P = KV.second;
        const auto *PD = dyn_cast<ParmVarDecl>(Place.Base);
        if (!PD || PD->getDeclContext() != Env.FD || !PD->getType()->isPointerType() ||
            !WrittenRcuPointer::underPointee(Place.Fields))
          continue;
        if (P.Stale || (P.byLock() && !P.LockAtEntry) || ctx::paramOf(P.Key) >= 0 ||
            Reassigned(PD->getFunctionScopeIndex()))
          continue;
        Here.push_back({int(PD->getFunctionScopeIndex()), Place.Fields, P.Key, P.ReadDepth});
      }
      std::sort(Here.begin(), Here.end());
      if (!Common) {
        Common = std::move(Here);
        continue;
      }
      std::vector<WrittenRcuPointer> Both;
      std::set_intersection(Common->begin(), Common->end(), Here.begin(), Here.end(),
                            std::back_inserter(Both));
      Common = std::move(Both);
    }
  return Common ? *Common : std::vector<WrittenRcuPointer>();
}

std::vector<std::pair<PtrPath, RcuPointer>>
PointerTracker::filledBy(const CallExpr *CE, const Summary &CS, const ContextState &St) const {
  std::vector<std::pair<PtrPath, RcuPointer>> Out;
  const FunctionDecl *Callee = CE->getDirectCallee();
  for (const WrittenRcuPointer &W : CS.WritesRcu) {
    if (W.Param >= (int)CE->getNumArgs() || W.Fields.empty())
      continue;
    const Expr *A = CE->getArg(W.Param)->IgnoreParenCasts();
    std::optional<PtrPath> Place;
    // `&x`: the callee's `*` is x itself, its `->f` is x.f.
    if (const auto *U = dyn_cast<UnaryOperator>(A); U && U->getOpcode() == UO_AddrOf) {
      Place = pathOf(U->getSubExpr());
      if (Place)
        Place->Fields += W.Fields[0] == '*' ? W.Fields.substr(1) : "." + W.Fields.substr(2);
    } else if ((Place = pathOf(A))) {
      Place->Fields += W.Fields;
    }
    Interval D = St.counter(W.Key);
    if (!Place || D.Lo == Interval::NegInf)
      continue;
    RcuPointer P;
    P.Key = W.Key;
    P.ReadDepth = D.Lo + W.Depth;
    P.ReadLoc = Env.SM.getExpansionLoc(CE->getExprLoc());
    P.Accessor = "'" + (Callee ? Callee->getNameAsString() : std::string("?")) + "'";
    Out.push_back({*Place, P});
  }
  return Out;
}
