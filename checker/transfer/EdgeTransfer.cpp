#include "transfer/EdgeTransfer.h"

#include "facts/Places.h"
#include "transfer/CallTransfer.h"

#include <map>

using namespace clang;
using namespace rcuctx;

std::optional<bool> EdgeTransfer::modeTruth(const Expr *C, unsigned V) const {
  const FunctionDecl *FD = Env.FD;
  // (Only integer parameters, or locals standing for one, are tracked.)
  if (const auto *DR = dyn_cast<DeclRefExpr>(C))
    if (auto P = intParamOf(FD, DR, &Env.Parts.aliases()))
      if (auto Val = Env.Parts.paramValue(*P, V))
        return Val;
  bool Positive;
  if (auto K = conditionMode(FD, C, Positive, &Env.Parts.aliases())) {
    if (auto Val = Env.Parts.paramValue(*K, V))
      return *Val == Positive;
  } else if (std::vector<int> Mask = maskMode(FD, C, Positive, &Env.Parts.aliases()); !Mask.empty()) {
    // `flags & (A | B)`: any of its bits.
    if (auto Val = Env.Parts.anyBitValue(Mask, V))
      return *Val == Positive;
  }
  return std::nullopt;
}

bool EdgeTransfer::impliedFalse(const Expr *E, bool Want, unsigned V, int Depth) const {
  bool Neg;
  E = stripNot(E, Neg);
  Want = Want != Neg;
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    // Wanted true, a conjunction needs each operand true; wanted false, a
    // disjunction needs each operand false.
    if ((Want && BO->getOpcode() == BO_LAnd) || (!Want && BO->getOpcode() == BO_LOr))
      return Depth < 8 && (impliedFalse(BO->getLHS(), Want, V, Depth + 1) ||
                           impliedFalse(BO->getRHS(), Want, V, Depth + 1));
  std::optional<bool> Val = modeTruth(E, V);
  return Val && *Val != Want;
}

PState EdgeTransfer::edge(const CFGBlock *From, unsigned SuccIdx, const PState &OutS,
                          unsigned V) const {
  if (!OutS)
    return OutS;
  if (const auto *Sw = dyn_cast_or_null<SwitchStmt>(From->getTerminatorStmt()))
    return switchEdge(Sw, From, SuccIdx, OutS, V);
  const Expr *Cond = decidedCondition(From);
  if (!Cond || From->succ_size() != 2)
    return OutS;
  const FunctionDecl *FD = Env.FD;
  const FactExtractor &FX = Env.FX;
  bool Neg;
  const Expr *C = stripNot(Cond, Neg);
  bool TrueEdge = (SuccIdx == 0) != Neg;
  // No try-lock decided here: a tested value may still decide a context.
  auto Refined = [&]() -> PState {
    if (OutS->Splits.empty() && !Splits.testsLocal(From))
      return OutS;
    ContextState St = *OutS;
    if (!Splits.onEdge(From, SuccIdx == 0, St))
      return std::nullopt; // a local's classes rule this edge out
    return St;
  };
  // A mode parameter, an equality mode (`reg == C`, `ops->f == C`) or a
  // bit (`flags & BIT`): only the edge matching this partition's value is
  // taken. So too for a local standing for a conjunction with a mode in
  // it (`bool not_lockless = !rtnl_held && !(ops->flags & F); if
  // (not_lockless) rtnl_lock();` in net/sched/cls_api.c): no true edge
  // where the mode makes a conjunct false.
  if (auto Val = modeTruth(C, V))
    if (*Val != TrueEdge)
      return std::nullopt;
  if (const auto *DR = dyn_cast<DeclRefExpr>(C))
    if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
        VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getInit() &&
        !contains(Env.Parts.writes().Vars, VD) && impliedFalse(VD->getInit(), TrueEdge, V))
      return std::nullopt;
  // A trylock: the lock is held on the edge where it succeeded. A task-state
  // test: the state is known on each edge.
  const FunctionRule *R = nullptr;
  SiteArgs Args;
  SourceLocation Loc = C->getExprLoc();
  const MacroInvocation *Inv = Env.Body.ownerOf(C);
  if (Inv) {
    R = FX.rules().lookup(Inv->Name, true);
    Args = Env.Body.macroArgs(Inv);
    Loc = Env.SM.getExpansionLoc(Inv->NameLoc);
  } else if (const auto *CE = dyn_cast<CallExpr>(C)) {
    if (const FunctionDecl *F = CE->getDirectCallee()) {
      R = FX.rules().lookup(F->getNameAsString(), false);
      Args = {CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
      // A function that returns a try-lock's result: the same edges.
      const Summary *CS = R ? nullptr : Env.Lookup(F);
      if (CS && CS->ReturnsTryLock && TrueEdge != CS->ReturnsTryLock->SuccessZero) {
        ResolvedStep A;
        A.Op = StepOp::Acquire;
        A.Key = resolveKeyAt(CS->ReturnsTryLock->Key, argClassesOf(CE, FX, FD));
        A.Modes = CS->ReturnsTryLock->Modes;
        A.Spins = CS->ReturnsTryLock->Spins;
        // Which instance, and the object this function's own callers may
        // name it by (a parameter's, as a lock written here would record).
        A.LockText = calleeInstanceAt(CE, *CS, CS->ReturnsTryLock->Key, FX);
        if (auto Obj = CS->LockObjects.find(CS->ReturnsTryLock->Key); Obj != CS->LockObjects.end())
          if (int P = objectParam(Obj->second); P >= 0) {
            std::string O = resolveObject(Obj->second, argObjectsOf(CE, FX, FD)(P));
            if (objectParam(O) >= 0)
              A.Object = O;
          }
        // Two instances of the class are held and not followed (the call
        // took this one while another held it): its success is no news.
        if (A.Key.empty() || (OutS->lock(A.Key) == LockSet::unjudged() &&
                              OutS->Nesting.holderOf(A.Key) == LockNesting::Several))
          return Refined();
        ContextState St = *OutS;
        Steps.applySilently({A}, Loc, F->getNameAsString(), false, St, V);
        return St;
      }
    }
  }
  if (!R)
    return Refined();
  std::vector<ResolvedStep> Acquired;
  std::vector<std::string> Yields, Unheld;
  for (const ResolvedStep &S : FX.resolve(*R, Args, FD)) {
    // mt_external_lock(): true only where the tree's own lock is not held.
    // The edge carries the flag to callers, whose hold of the class rules
    // it out (ContextState::flagsContradict(); by class: a caller holding
    // another tree's ma_lock has no such path either).
    if (S.Op == StepOp::Excludes && TrueEdge && !S.Key.empty())
      Unheld.push_back(S.Key);
    if (S.Op == StepOp::TaskState && S.OnTrue) {
      // task_is_running(current): the state it tests for where it held,
      // the other one where it did not.
      ResolvedStep Set = S;
      Set.OnTrue = false;
      if (!TrueEdge)
        Set.Modes = S.Modes == LB_Unheld ? LB_Write : LB_Unheld;
      Acquired.push_back(Set);
    }
    if (S.Op == StepOp::Yield && S.OnTrue && TrueEdge)
      Yields.push_back(S.Key);
    if (S.Op == StepOp::TryAcquire && TrueEdge != S.SuccessZero) {
      ResolvedStep A = S;
      A.Op = StepOp::Acquire;
      Acquired.push_back(A);
    }
  }
  if (Acquired.empty() && Yields.empty() && Unheld.empty())
    return Refined();
  ContextState St = *OutS;
  for (const std::string &K : Unheld)
    St.Flags[ctx::unheldFlag(K)] = true;
  for (const std::string &K : Yields)
    Ptrs.markStale(St, K, Loc, true);
  Steps.applySilently(Acquired, Loc, R->Name, Inv != nullptr, St, V);
  return St;
}

const EdgeTransfer::SwitchCases &EdgeTransfer::casesOf(const SwitchStmt *Sw) const {
  auto [It, New] = CaseCache.try_emplace(Sw);
  SwitchCases &Out = It->second;
  if (!New)
    return Out;
  for (const SwitchCase *SC = Sw->getSwitchCaseList(); SC; SC = SC->getNextSwitchCase())
    if (const auto *Case = dyn_cast<CaseStmt>(SC)) {
      auto C = caseConstant(Case, Env.FX.astContext());
      if (!C) {
        Out.Decidable = false; // a range or a constant no key holds
        return Out;
      }
      Out.Of[Case] = *C;
      Out.Values.insert(*C);
    }
  return Out;
}

PState EdgeTransfer::switchEdge(const SwitchStmt *Sw, const CFGBlock *From, unsigned SuccIdx,
                                const PState &OutS, unsigned V) const {
  // `switch (reg)` on an equality mode: where reg == C, only the edge to
  // this switch's `case C:` is taken (or, if it has none, the last edge:
  // default or out of the switch); where reg != C, that case's edge is not.
  auto P = switchedParam(Env.FD, Sw, &Env.Parts.aliases());
  if (!P)
    return OutS;
  std::vector<std::pair<int64_t, bool>> Decided; // (C, reg == C) in partition V
  for (int K : Env.Parts.tracked())
    if (modeKind(K) == ModeKind::Equals && modeParam(K) == *P)
      if (auto Val = Env.Parts.paramValue(K, V))
        Decided.push_back({modeConstant(K), *Val});
  if (Decided.empty())
    return OutS; // most switches: nothing to decide, and no case list to read
  const SwitchCases &Cases = casesOf(Sw); // once per switch, not per edge
  if (!Cases.Decidable)
    return OutS;
  const CFGBlock *To = *(From->succ_begin() + SuccIdx);
  bool Last = SuccIdx + 1 == From->succ_size();
  std::optional<int64_t> ToCase;
  if (To && !Last) {
    auto It = Cases.Of.find(dyn_cast_or_null<SwitchCase>(To->getLabel()));
    if (It == Cases.Of.end())
      return OutS; // not a case of this switch as we know it: decide nothing
    ToCase = It->second;
  }
  for (auto [C, Equal] : Decided) {
    bool TakenWhenEqual = Cases.Values.count(C) ? ToCase && *ToCase == C : Last;
    if (Equal ? !TakenWhenEqual : (ToCase && *ToCase == C))
      return std::nullopt;
  }
  return OutS;
}
