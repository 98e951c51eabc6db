// Summary::NullExitParams: pointer parameters whose NULL value makes the
// function return at once, before it does anything to the context or needs
// anything of it. The kernel's "query" idiom calls such a function with NULL
// to ask only a size (`kvm_x86_ops.nested_ops->get_state(NULL, NULL, 0)`):
// that call has neither the requirements nor the effects of the function.
//
// Read from the body's first statements only: declarations whose
// initializers call nothing, then `if (!p) return <no call>;` (or
// `p == NULL`). Anything else ends the scan, so a parameter found here is
// NULL-exited before any site the dataflow could record.
#include "bodyfacts/BodyFacts.h"

#include "facts/StmtWalk.h"

using namespace clang;
using namespace rcuctx;

static bool callsNothing(const Stmt *S) {
  bool Calls = false;
  forEachStmt(S, [&](const Stmt *X) {
    Calls |= isa<CallExpr>(X) || isa<StmtExpr>(X);
    return !Calls;
  });
  return !Calls;
}

/// The parameter a condition is true for exactly when it is NULL, or -1.
static int nullTestedParam(const Expr *Cond, const FunctionDecl *FD) {
  Cond = Cond->IgnoreParenImpCasts();
  const Expr *Operand = nullptr;
  if (const auto *U = dyn_cast<UnaryOperator>(Cond)) {
    if (U->getOpcode() == UO_LNot)
      Operand = U->getSubExpr();
  } else if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
    if (B->getOpcode() == BO_EQ) {
      const ASTContext &Ctx = FD->getASTContext();
      if (B->getRHS()->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                             Expr::NPC_ValueDependentIsNotNull))
        Operand = B->getLHS();
      else if (B->getLHS()->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                                  Expr::NPC_ValueDependentIsNotNull))
        Operand = B->getRHS();
    }
  }
  const auto *DR = Operand ? dyn_cast<DeclRefExpr>(Operand->IgnoreParenImpCasts()) : nullptr;
  if (!DR)
    return -1;
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    if (FD->getParamDecl(I) == DR->getDecl() && FD->getParamDecl(I)->getType()->isPointerType())
      return I;
  return -1;
}

static const ReturnStmt *onlyReturn(const Stmt *S) {
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    return CS->size() == 1 ? dyn_cast<ReturnStmt>(CS->body_front()) : nullptr;
  return dyn_cast_or_null<ReturnStmt>(S);
}

std::vector<int> rcuctx::nullExitParamsOf(const FunctionDecl *FD) {
  std::vector<int> Out;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body)
    return Out;
  for (const Stmt *S : Body->body()) {
    if (isa<DeclStmt>(S) && callsNothing(S))
      continue;
    const auto *If = dyn_cast<IfStmt>(S);
    if (!If || If->getElse() || If->getInit() || If->getConditionVariable())
      break;
    const ReturnStmt *Ret = onlyReturn(If->getThen());
    int P = nullTestedParam(If->getCond(), FD);
    if (!Ret || P < 0 || (Ret->getRetValue() && !callsNothing(Ret->getRetValue())))
      break;
    Out.push_back(P);
  }
  return Out;
}
