#include "facts/FunctionUses.h"

#include "facts/RunnableCode.h"

using namespace clang;
using namespace rcuctx;

void FunctionUses::noteCall(const CallExpr *CE) {
  if (const auto *DR = dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts())) {
    Callees.insert(DR);
    if (const auto *F = dyn_cast<FunctionDecl>(DR->getDecl()))
      Called.insert(canonical(F));
  }
}

void FunctionUses::noteRef(const DeclRefExpr *DR) {
  if (const auto *F = dyn_cast<FunctionDecl>(DR->getDecl()); F && !Callees.count(DR))
    Taken.insert(canonical(F));
}

namespace {
struct UsesVisitor : RunnableCodeVisitor<UsesVisitor> {
  explicit UsesVisitor(ASTContext &Ctx) : RunnableCodeVisitor(Ctx) {}
  FunctionUses Uses;
  bool VisitCallExpr(CallExpr *CE) {
    Uses.noteCall(CE);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DR) {
    Uses.noteRef(DR);
    return true;
  }
};
} // namespace

FunctionUses rcuctx::scanFunctionUses(ASTContext &Ctx) {
  UsesVisitor V(Ctx);
  V.walkRunnableCode();
  return std::move(V.Uses);
}
