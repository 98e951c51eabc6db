#include "bodyfacts/BodyFacts.h"

#include "facts/StmtWalk.h"

#include <map>

using namespace clang;
using namespace rcuctx;

/// The try-acquire step of a call to a rule-described try-lock, if it is one.
static std::optional<ResolvedStep> tryAcquireOf(const Expr *E, const FunctionDecl *FD,
                                                const FactExtractor &FX) {
  const auto *CE = E ? dyn_cast<CallExpr>(E->IgnoreParenImpCasts()) : nullptr;
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  const FunctionRule *R = F ? FX.rules().lookup(F->getNameAsString(), false) : nullptr;
  if (!R)
    return std::nullopt;
  SiteArgs Args{CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
  for (const ResolvedStep &S : FX.resolve(*R, Args, FD))
    if (S.Op == StepOp::TryAcquire && !S.Key.empty())
      return S;
  return std::nullopt;
}

std::optional<TryLockResult> rcuctx::tryLockWrapperOf(const FunctionDecl *FD, const FactExtractor &FX) {
  if (!FD->getReturnType()->isIntegralOrEnumerationType())
    return std::nullopt;
  // Every `return` gives the result: `return trylock(...)`, or a local
  // assigned only from the try-lock.
  std::vector<const ReturnStmt *> Rets;
  std::map<const VarDecl *, std::vector<const Expr *>> Stores;
  forEachStmt(FD->getBody(), [&](const Stmt *S) {
    if (const auto *RS = dyn_cast<ReturnStmt>(S))
      Rets.push_back(RS);
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->isAssignmentOp())
        if (const auto *DR = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
            Stores[VD].push_back(BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr);
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit())
            Stores[VD].push_back(VD->getInit());
    return true;
  });
  std::optional<ResolvedStep> Found;
  auto Same = [](const ResolvedStep &A, const ResolvedStep &B) {
    return A.Key == B.Key && A.Modes == B.Modes && A.SuccessZero == B.SuccessZero;
  };
  for (const ReturnStmt *RS : Rets) {
    const Expr *V = RS->getRetValue();
    if (!V)
      return std::nullopt;
    std::optional<ResolvedStep> Step = tryAcquireOf(V, FD, FX);
    if (!Step)
      if (const auto *DR = dyn_cast<DeclRefExpr>(V->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
          if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD)) {
            auto It = Stores.find(VD);
            if (It != Stores.end() && It->second.size() == 1)
              Step = tryAcquireOf(It->second.front(), FD, FX);
          }
    if (!Step || (Found && !Same(*Found, *Step)))
      return std::nullopt;
    Found = Step;
  }
  if (!Found)
    return std::nullopt;
  return TryLockResult{Found->Key, Found->Modes, Found->Spins, Found->SuccessZero};
}

