// Summary::RefParams: the pointer parameters a function takes a reference on
// (`shrinker_try_get(s)` is `return refcount_inc_not_zero(&s->refcount);`),
// directly through a rule's take-ref step or through a callee that does. An
// RCU-found pointer passed to it is pinned: valid after the section, as after
// the rule's own take-ref (transfer/CallTransfer.cpp). Like the rules'
// take-ref, the try forms count on every path, not only where they succeed:
// the pointer is forgotten, never reported, so this can only drop findings.
#include "bodyfacts/BodyFacts.h"

#include "facts/StmtWalk.h"

#include <algorithm>
#include <set>

using namespace clang;
using namespace rcuctx;

/// The parameters of FD that an argument expression names.
static void paramsIn(const Expr *Arg, const FunctionDecl *FD, std::set<int> &Out) {
  forEachStmt(Arg, [&](const Stmt *X) {
    if (const auto *DR = dyn_cast<DeclRefExpr>(X))
      for (unsigned I = 0; I < FD->getNumParams(); ++I)
        if (FD->getParamDecl(I) == DR->getDecl())
          Out.insert(I);
    return true;
  });
}

std::vector<int> rcuctx::refParamsOf(const FunctionDecl *FD, const FactExtractor &FX,
                                     const SummaryLookup &Lookup) {
  std::set<int> Out;
  forEachStmt(FD->getBody(), [&](const Stmt *S) {
    const auto *CE = dyn_cast<CallExpr>(S);
    const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
    if (!F)
      return true;
    if (const FunctionRule *R = FX.rules().lookup(F->getNameAsString(), false)) {
      // Only a take-ref step names parameters here: resolving the others
      // (lock classes of every spin_lock() argument) would be wasted.
      if (std::none_of(R->Steps.begin(), R->Steps.end(),
                       [](const RuleStep &S) { return S.Op == StepOp::TakeRef; }))
        return true;
      SiteArgs Args{CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
      for (const ResolvedStep &St : FX.resolve(*R, Args, FD))
        if (St.Op == StepOp::TakeRef)
          for (const ValueDecl *VD : St.RefVars)
            for (unsigned I = 0; I < FD->getNumParams(); ++I)
              if (FD->getParamDecl(I) == VD)
                Out.insert(I);
      return true;
    }
    if (const Summary *CS = Lookup(F))
      for (int P : CS->RefParams)
        if (P < (int)CE->getNumArgs())
          paramsIn(CE->getArg(P), FD, Out);
    return true;
  });
  return {Out.begin(), Out.end()};
}
