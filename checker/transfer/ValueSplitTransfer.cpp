#include "transfer/ValueSplitTransfer.h"

#include "facts/ValueTests.h"

using namespace clang;
using namespace rcuctx;

void ValueSplitTransfer::fromClasses(const CallExpr *CE, const std::optional<ContextState> (&Classes)[3],
                                     ContextState &St) const {
  // The keys some class leaves other than the joined state does.
  ValueSplit S;
  auto Note = [&](const ContextState &C) {
    for (auto &KV : C.Locks)
      if (KV.second != St.lock(KV.first))
        S.Joined.Locks[KV.first] = St.lock(KV.first);
    for (auto &KV : St.Locks)
      if (KV.second != C.lock(KV.first))
        S.Joined.Locks[KV.first] = KV.second;
    for (auto &KV : C.Counters)
      if (KV.second != St.counter(KV.first))
        S.Joined.Counters[KV.first] = St.counter(KV.first);
    for (auto &KV : St.Counters)
      if (KV.second != C.counter(KV.first))
        S.Joined.Counters[KV.first] = KV.second;
  };
  for (unsigned I = 0; I < 3; ++I)
    if (Classes[I])
      Note(*Classes[I]);
  St.Splits.erase(CE);
  if (S.Joined.empty())
    return;
  for (unsigned I = 0; I < 3; ++I) {
    if (!Classes[I])
      continue;
    S.Known |= 1u << I;
    for (auto &KV : S.Joined.Locks)
      S.Per[I].Locks[KV.first] = Classes[I]->lock(KV.first);
    for (auto &KV : S.Joined.Counters)
      S.Per[I].Counters[KV.first] = Classes[I]->counter(KV.first);
  }
  S.Site = CE->getExprLoc();
  St.Splits[CE] = std::move(S);
}

void ValueSplitTransfer::fromTryLock(const CallExpr *CE, const std::string &Key, uint8_t Modes,
                                     bool Spins, bool SuccessZero, ContextState &St) const {
  // The lock held in its modes, and preemption off for a spinning lock: what
  // the acquire step does (transfer/StepTransfer.cpp), without its records.
  ContextState Taken = St;
  if (Spins)
    Taken.setCounter(ctx::Preempt, Taken.counter(ctx::Preempt).shift(1));
  Taken.setLock(Key, LockSet::of(Modes));
  std::optional<ContextState> Classes[3];
  for (unsigned I = 0; I < 3; ++I) {
    bool Success = SuccessZero ? (1u << I) == VC_Zero : (1u << I) != VC_Zero;
    Classes[I] = Success ? Taken : St;
  }
  fromClasses(CE, Classes, St);
}

void ValueSplitTransfer::track(const Stmt *S, ContextState &St) const {
  if (St.Splits.empty())
    return;
  auto Store = [&](const VarDecl *VD, const Expr *Value) {
    const void *H = Value ? valueHolder(Value) : nullptr;
    auto It = H && H != VD ? St.Splits.find(H) : St.Splits.end();
    if (It == St.Splits.end()) {
      St.Splits.erase(VD);
      return;
    }
    ValueSplit Moved = It->second;
    if (isa<CallExpr>(Value->IgnoreParenCasts()))
      St.Splits.erase(It); // the call's value lives on in the local only
    St.Splits[VD] = std::move(Moved);
  };
  if (const VarDecl *VD = storedLocal(S)) {
    const auto *BO = dyn_cast<BinaryOperator>(S);
    Store(VD, BO && BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->hasLocalStorage())
          Store(VD, VD->getInit());
}

void ValueSplitTransfer::onEdge(const CFGBlock *From, bool TrueEdge, ContextState &St) const {
  const Expr *Cond = dyn_cast_or_null<Expr>(From->getTerminatorCondition());
  // The block that decides `a && b` (or `a || b`) after `a` tests `b`.
  while (const auto *BO = dyn_cast_or_null<BinaryOperator>(Cond ? Cond->IgnoreParens() : nullptr)) {
    if (!BO->isLogicalOp() || From->getTerminatorStmt() == BO)
      break;
    Cond = BO->getRHS();
  }
  std::optional<ValueTest> T = valueTestOf(Cond, Env.FX.astContext());
  if (!T)
    return;
  uint8_t Mask = TrueEdge ? T->WhenTrue : uint8_t(VC_All & ~T->WhenTrue);
  if (St.Splits.count(T->Holder)) {
    St.refineBy(T->Holder, Mask);
    return;
  }
  // A plain local tested here: remember the classes it can still have.
  if (T->Local && (T->Local->getType()->isPointerType() || T->Local->getType()->isIntegerType()))
    St.Splits[T->Holder].Known = Mask;
}
