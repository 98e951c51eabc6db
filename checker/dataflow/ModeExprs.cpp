#include "dataflow/ModeExprs.h"

#include "transfer/ModeKey.h"

#include "clang/AST/ASTContext.h"

using namespace clang;
using namespace rcuctx;

const Expr *rcuctx::ignoreValueCasts(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  while (const auto *C = dyn_cast<ExplicitCastExpr>(E)) {
    const Expr *Sub = C->getSubExpr()->IgnoreParenImpCasts();
    QualType To = C->getType(), From = Sub->getType();
    auto Scalar = [](QualType T) { return T->isIntegerType() || T->isPointerType(); };
    if (!Scalar(To) || !Scalar(From) || To->isBooleanType() || From->isBooleanType() ||
        Ctx.getTypeSize(To) < Ctx.getTypeSize(From))
      break;
    E = Sub;
  }
  return E;
}

std::optional<unsigned> rcuctx::intParamOf(const FunctionDecl *FD, const Expr *E, const ParamAliases *Aliases) {
  const auto *DR = dyn_cast<DeclRefExpr>(Aliases ? ignoreValueCasts(E, FD->getASTContext()) : E->IgnoreParenImpCasts());
  if (!DR)
    return std::nullopt;
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    if (FD->getParamDecl(I) == DR->getDecl() && FD->getParamDecl(I)->getType()->isIntegerType() &&
        I < (unsigned)ModeParams)
      return I;
  if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()); VD && Aliases)
    if (auto It = Aliases->find(VD); It != Aliases->end())
      return It->second;
  return std::nullopt;
}

std::optional<unsigned> rcuctx::constPointerParamOf(const FunctionDecl *FD, const Expr *E) {
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    for (unsigned I = 0; I < FD->getNumParams() && I < (unsigned)ModeParams; ++I)
      if (FD->getParamDecl(I) == DR->getDecl() && FD->getParamDecl(I)->getType()->isPointerType() &&
          FD->getParamDecl(I)->getType()->getPointeeType().isConstQualified())
        return I;
  return std::nullopt;
}

std::optional<unsigned> rcuctx::pointerParamOf(const FunctionDecl *FD, const Expr *E) {
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    for (unsigned I = 0; I < FD->getNumParams() && I < (unsigned)ModeParams; ++I)
      if (FD->getParamDecl(I) == DR->getDecl() && FD->getParamDecl(I)->getType()->isPointerType())
        return I;
  return std::nullopt;
}

std::optional<std::pair<unsigned, unsigned>> rcuctx::paramFieldOf(const FunctionDecl *FD, const Expr *E,
                                                                  bool AnyPointer) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!ME || !ME->isArrow())
    return std::nullopt;
  const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
  const auto *DR = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
  if (!Field || !DR || !Field->getType()->isIntegralOrEnumerationType() ||
      Field->getParent()->isUnion() || Field->getFieldIndex() >= (unsigned)ModeFields)
    return std::nullopt;
  if (auto P = AnyPointer ? pointerParamOf(FD, DR) : constPointerParamOf(FD, DR))
    return std::pair{*P, Field->getFieldIndex()};
  return std::nullopt;
}

std::optional<int64_t> rcuctx::modeConstantOf(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  std::optional<int64_t> V = R.Val.getInt().tryExtValue();
  if (!V || *V < 0 || *V >= ModeConstantLimit)
    return std::nullopt;
  return *V;
}

std::optional<uint64_t> rcuctx::constantBits(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx) || R.Val.getInt().getBitWidth() > 64)
    return std::nullopt;
  // Widened as C converts it: `-1` or `~BIT(3)` passed to an unsigned long
  // has every high bit set.
  return R.Val.getInt().extOrTrunc(64).getZExtValue();
}

/// A named constant: a macro's expansion or an enumerator (`MPOL_MF_WRLOCK`,
/// `__GFP_DIRECT_RECLAIM`), not a bare literal.
static bool namedConstant(const Expr *C) {
  C = C->IgnoreParenImpCasts();
  return C->getBeginLoc().isMacroID() || isa<DeclRefExpr>(C);
}

/// `flags & BIT` with flags an integer parameter and BIT one bit, named: a
/// flag. A literal mask (`k & 1`) is arithmetic, parity or alignment, and
/// no mode: an obligation on one parity would be dropped at every call
/// that passes `k - 1` (bench's recursive-cycle-seeded lost its finding).
std::optional<int> rcuctx::bitModeOf(const FunctionDecl *FD, const Expr *E, const ParamAliases *Aliases) {
  const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
  if (!BO || BO->getOpcode() != BO_And)
    return std::nullopt;
  const ASTContext &Ctx = FD->getASTContext();
  for (auto [P, C] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}})
    if (auto I = intParamOf(FD, P, Aliases); I && !FD->getParamDecl(*I)->getType()->isBooleanType() && namedConstant(C))
      if (auto Bits = constantBits(C, Ctx); Bits && *Bits && !(*Bits & (*Bits - 1)))
        return modeBit(*I, unsigned(__builtin_ctzll(*Bits)));
  return std::nullopt;
}

/// Whether every leaf of a constant `A | B | ...` is a named constant.
static bool namedLeaves(const Expr *C) {
  C = C->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(C); BO && BO->getOpcode() == BO_Or)
    return namedLeaves(BO->getLHS()) && namedLeaves(BO->getRHS());
  return namedConstant(C);
}

std::vector<int> rcuctx::maskModesOf(const FunctionDecl *FD, const Expr *E, const ParamAliases *Aliases) {
  const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
  if (!BO || BO->getOpcode() != BO_And)
    return {};
  const ASTContext &Ctx = FD->getASTContext();
  for (auto [P, C] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}}) {
    auto I = intParamOf(FD, P, Aliases);
    if (!I || FD->getParamDecl(*I)->getType()->isBooleanType() || !namedLeaves(C))
      continue;
    auto Bits = constantBits(C, Ctx);
    int N = Bits ? __builtin_popcountll(*Bits) : 0;
    if (N < 2 || N > 4)
      continue;
    std::vector<int> Out;
    for (unsigned B = 0; B < 64; ++B)
      if (*Bits >> B & 1)
        Out.push_back(modeBit(*I, B));
    return Out;
  }
  return {};
}
