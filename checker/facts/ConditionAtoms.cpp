// What a need asks of its context, as FactExtractor's atoms: a named
// context's counters (contextAtoms()), a lock or context predicate
// (predicateAtoms()), and a lockdep condition or its negation
// (conditionAtoms(), negatedConditionAtoms()); and modeBits(), a rule's
// lock mode as lock-set bits (LockModeBits.h).
//
// Owns those members and modeBits(). It names locks only through
// lockClass() (LockNaming.cpp) and must not resolve rule steps
// (FactExtractor.cpp).
#include "facts/FactExtractor.h"
#include "facts/LockModeBits.h"

using namespace clang;
using namespace rcuctx;

void FactExtractor::contextAtoms(const std::string &Context, const Expr *DomainArg,
                                 const FunctionDecl *Fn, std::vector<Atom> &Out) const {
  auto Counter = [&](const std::string &K) { Out.push_back({Atom::Counter, K, 0}); };
  if (Context == "rcu")
    Counter(ctx::Rcu);
  else if (Context == "rcu_bh")
    Counter(ctx::RcuBh);
  else if (Context == "preempt") {
    // Preemption is off under IRQs-off too, and with bottom halves off
    // (local_bh_disable() adds to preempt_count): each satisfies RCU-sched,
    // as rcu_read_lock_sched_held()'s !preemptible() says.
    Counter(ctx::Preempt);
    Counter(ctx::RcuBh);
    Counter(ctx::Irq);
  } else if (Context == "irq")
    Counter(ctx::Irq);
  else if (Context == "rcu_any") {
    Counter(ctx::Rcu);
    Counter(ctx::RcuBh);
    Counter(ctx::Preempt);
    Counter(ctx::Irq);
  } else if (Context == "srcu") {
    std::string Domain = lockClass(DomainArg, Fn);
    if (!Domain.empty())
      Counter(ctx::srcu(Domain));
  }
}

uint8_t rcuctx::modeBits(LockMode M) {
  switch (M) {
  case LockMode::NotHeld:
    return LB_Unheld;
  case LockMode::Exclusive:
    return LB_Write;
  case LockMode::Shared:
    return LB_Read;
  case LockMode::Any:
    return LockSet::Held;
  }
  return LockSet::Held;
}

std::optional<bool> FactExtractor::predicateAtoms(const Expr *C, const FunctionDecl *Fn,
                                                  ResolvedStep &Out) const {
  // A predicate written as a macro (lockdep_is_held expands differently with
  // and without CONFIG_LOCKDEP) or as a call (rcu_read_lock_held()).
  const PredicateRule *P = nullptr;
  SiteArgs Arg;
  const MacroInvocation *Inv = Macros.owner(C->getBeginLoc());
  // The whole term must be the predicate: `lockdep_is_held(l) != 1` begins
  // inside lockdep_is_held() but is another condition.
  if (Inv && Macros.owner(C->getEndLoc()) == Inv) {
    if ((P = Rules.predicate(Inv->Name)))
      Arg = {(unsigned)Inv->Args.size(),
             [this, Inv, C](unsigned I) { return Macros.argument(*Inv, I, C); }};
  }
  if (!P) {
    if (const auto *CE = dyn_cast<CallExpr>(C))
      if (const FunctionDecl *FD = CE->getDirectCallee())
        if ((P = Rules.predicate(FD->getNameAsString())))
          Arg = {CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
  }
  if (!P)
    return std::nullopt;
  if (!P->Context.empty()) {
    size_t Before = Out.AnyOf.size();
    contextAtoms(P->Context, P->Arg >= 0 ? Arg(P->Arg) : nullptr, Fn, Out.AnyOf);
    if (Out.AnyOf.size() == Before)
      Out.Escape = true;
    return true;
  }
  std::string Class = P->LockClass.empty() ? lockClass(Arg(P->Arg), Fn) : P->LockClass;
  if (Class.empty()) {
    Out.Escape = true;
    return true;
  }
  uint8_t Modes = modeBits(P->Mode);
  if (P->ModeArg >= 0) {
    Expr::EvalResult R;
    const Expr *M = Arg(P->ModeArg);
    if (M && M->EvaluateAsInt(R, Ctx)) {
      int64_t V = R.Val.getInt().getSExtValue();
      Modes = V == 0 ? LB_Write : V == 1 ? LB_Read : LockSet::Held;
    }
  }
  Out.AnyOf.push_back({Atom::Lock, Class, Modes});
  Out.HasLockCondition = true;
  return true;
}

void FactExtractor::conditionAtoms(const Expr *C, const FunctionDecl *Fn,
                                   ResolvedStep &Out) const {
  if (!C) {
    Out.Escape = true;
    return;
  }
  C = C->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(C)) {
    if (BO->getOpcode() == BO_LOr) {
      conditionAtoms(BO->getLHS(), Fn, Out);
      conditionAtoms(BO->getRHS(), Fn, Out);
      return;
    }
  }
  if (predicateAtoms(C, Fn, Out))
    return;
  // A term the rules declare false except in named functions
  // (`!refcount_read(&kvm->users_count)`), negated or not.
  {
    const Expr *T = C;
    if (const auto *U = dyn_cast<UnaryOperator>(T))
      if (U->getOpcode() == UO_LNot)
        T = U->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *CE = dyn_cast<CallExpr>(T))
      if (const FunctionDecl *FD = CE->getDirectCallee()) {
        auto It = Rules.FalseExcept.find(FD->getNameAsString());
        if (It != Rules.FalseExcept.end() &&
            (It->second.ArgClass.empty() ||
             (CE->getNumArgs() > 0 && lockClass(CE->getArg(0), Fn) == It->second.ArgClass))) {
          std::string Key;
          for (const std::string &F : It->second.Functions)
            Key += (Key.empty() ? "" : ",") + F;
          Out.AnyOf.push_back({Atom::Exempt, Key, 0});
          return;
        }
      }
  }
  Expr::EvalResult R;
  if (!C->isValueDependent() && !C->HasSideEffects(Ctx) && C->EvaluateAsInt(R, Ctx)) {
    if (R.Val.getInt().getBoolValue())
      Out.AlwaysTrue = true;
    return;
  }
  // A term we cannot judge (refcount_read(&x) == 0, a flag): it may be the
  // reason the access is safe, so the access is never a definite finding.
  Out.Escape = true;
}

void FactExtractor::negatedConditionAtoms(const Expr *C, const FunctionDecl *Fn,
                                          ResolvedStep &Out) const {
  if (!C) {
    Out.Escape = true;
    return;
  }
  C = C->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(C))
    if (U->getOpcode() == UO_LNot)
      return conditionAtoms(U->getSubExpr(), Fn, Out);
  if (const auto *BO = dyn_cast<BinaryOperator>(C))
    if (BO->getOpcode() == BO_LAnd) {
      negatedConditionAtoms(BO->getLHS(), Fn, Out);
      negatedConditionAtoms(BO->getRHS(), Fn, Out);
      return;
    }
  // `debug_locks && !held` and the like: a term we cannot judge.
  Out.Escape = true;
}
