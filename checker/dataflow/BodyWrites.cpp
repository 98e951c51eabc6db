#include "dataflow/BodyWrites.h"

#include "dataflow/ModeExprs.h"
#include "facts/StmtWalk.h"

#include "transfer/ModeKey.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

using namespace clang;
using namespace rcuctx;

BodyWrites rcuctx::bodyWrites(const FunctionDecl *FD) {
  BodyWrites Out;
  forEachStmt(FD->getBody(), [&](const Stmt *S) {
    const Expr *Target = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
      Target = BO->getLHS();
    else if (const auto *UO = dyn_cast<UnaryOperator>(S);
             UO && (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf))
      Target = UO->getSubExpr(); // changed here, or through its address
    if (Target) {
      if (const auto *DR = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts())) {
        for (unsigned I = 0; I < FD->getNumParams(); ++I)
          if (FD->getParamDecl(I) == DR->getDecl())
            Out.Params.push_back(I);
        if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()); VD && !isa<ParmVarDecl>(VD))
          Out.Vars.push_back(VD);
      } else if (auto PF = paramFieldOf(FD, Target, /*AnyPointer=*/true)) {
        Out.ParamFields.push_back(*PF);
      }
    }
    return true;
  });
  return Out;
}

ParamAliases rcuctx::paramAliases(const FunctionDecl *FD, const BodyWrites &W) {
  ParamAliases Out;
  const ASTContext &Ctx = FD->getASTContext();
  forEachStmt(FD->getBody(), [&](const Stmt *S) {
    const auto *DS = dyn_cast<DeclStmt>(S);
    if (!DS)
      return true;
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD || !VD->isLocalVarDecl() || VD->isStaticLocal() || !VD->getInit() ||
          !VD->getType()->isIntegerType() || VD->getType()->isBooleanType() || contains(W.Vars, VD))
        continue;
      const auto *DR = dyn_cast<DeclRefExpr>(ignoreValueCasts(VD->getInit(), Ctx));
      const auto *P = DR ? dyn_cast<ParmVarDecl>(DR->getDecl()) : nullptr;
      if (!P || P->getFunctionScopeIndex() >= FD->getNumParams() ||
          FD->getParamDecl(P->getFunctionScopeIndex()) != P || P->getFunctionScopeIndex() >= (unsigned)ModeParams || contains(W.Params, P->getFunctionScopeIndex()) ||
          !(P->getType()->isIntegerType() || P->getType()->isPointerType()) || P->getType()->isBooleanType() ||
          Ctx.getTypeSize(VD->getType()) < Ctx.getTypeSize(P->getType()))
        continue;
      Out[VD] = P->getFunctionScopeIndex();
    }
    return true;
  });
  return Out;
}
