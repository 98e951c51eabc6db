#include "facts/Places.h"

#include "clang/Analysis/CFG.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/Builtins.h"

using namespace clang;

namespace rcuctx {

std::optional<PtrPath> pathOf(const Expr *E) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenCasts();
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
    if (VD && (VD->hasLocalStorage() || isa<ParmVarDecl>(VD)))
      return PtrPath{VD, ""};
    return std::nullopt;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    auto B = pathOf(ME->getBase());
    if (!B)
      return std::nullopt;
    // `(*p).f` is `p->f`: one place, one spelling.
    if (!ME->isArrow() && !B->Fields.empty() && B->Fields.back() == '*')
      B->Fields.back() = '-', B->Fields += ">";
    else
      B->Fields += ME->isArrow() ? "->" : ".";
    B->Fields += ME->getMemberDecl()->getNameAsString();
    return B;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    auto B = pathOf(AS->getBase());
    if (!B)
      return std::nullopt;
    B->Fields += "[]";
    return B;
  }
  // What a pointer points to: `*out` (a function's out-parameter).
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_Deref) {
      auto B = pathOf(U->getSubExpr());
      if (!B)
        return std::nullopt;
      B->Fields += "*";
      return B;
    }
  return std::nullopt;
}

std::string pathName(const PtrPath &P) {
  std::string N = P.Base ? P.Base->getNameAsString() : "?";
  // Fields in evaluation order: "->a", ".b", "[]", "*" (a dereference of
  // everything before it, written in front: "*->x" is "(*p)->x").
  for (size_t I = 0; I < P.Fields.size();) {
    if (P.Fields[I] == '*') {
      N = "*" + N;
      ++I;
      if (I < P.Fields.size())
        N = "(" + N + ")";
      continue;
    }
    size_t Next = P.Fields.find_first_of("*.-[", I + (P.Fields[I] == '-' ? 2 : 1));
    if (P.Fields[I] == '[')
      Next = I + 2;
    if (Next == std::string::npos)
      Next = P.Fields.size();
    N += P.Fields.substr(I, Next - I);
    I = Next;
  }
  return N;
}

const Expr *stmtExprValue(const StmtExpr *SE) {
  const CompoundStmt *Body = SE ? SE->getSubStmt() : nullptr;
  return Body && !Body->body_empty() ? dyn_cast<Expr>(Body->body_back()) : nullptr;
}

const Expr *decidedCondition(const CFGBlock *From) {
  const Expr *Cond = dyn_cast_or_null<Expr>(From->getTerminatorCondition());
  while (const auto *BO = dyn_cast_or_null<BinaryOperator>(Cond ? Cond->IgnoreParens() : nullptr)) {
    if (!BO->isLogicalOp() || From->getTerminatorStmt() == BO)
      break;
    Cond = BO->getRHS();
  }
  return Cond;
}

const Expr *stripNot(const Expr *E, bool &Neg) {
  Neg = false;
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      if (U->getOpcode() == UO_LNot) {
        Neg = !Neg;
        E = U->getSubExpr();
        continue;
      }
    // __builtin_expect(!!(x), 1) from likely()/unlikely()
    if (const auto *CE = dyn_cast<CallExpr>(E))
      if (CE->getBuiltinCallee() == Builtin::BI__builtin_expect && CE->getNumArgs() == 2) {
        E = CE->getArg(0);
        continue;
      }
    return E;
  }
}

} // namespace rcuctx
