// Partitions at a call: the value a caller's argument gives a callee's mode
// in the caller's partition V -- a constant, the caller's own mode passed on,
// the bits `flags | MPOL_MF_WRLOCK` fixes, or for a field mode the const
// object a pointer names (`&queue_pages_walk_ops`, also through a local
// initialised from `cond ? &a_ops : &b_ops` with cond a mode). Which modes a
// function has is chosen in dataflow/Partitions.cpp.
#include "dataflow/ModeExprs.h"
#include "dataflow/LocalFields.h"
#include "dataflow/Partitions.h"

#include "facts/Places.h"
#include "transfer/ModeKey.h"

#include "clang/AST/ASTContext.h"

using namespace clang;
using namespace rcuctx;

std::optional<bool> Partitions::argValue(const Expr *Arg, const ASTContext &Ctx, unsigned V) const {
  Arg = ignoreValueCasts(Arg, Ctx);
  bool B;
  if (!Arg->isValueDependent() && Arg->EvaluateAsBooleanCondition(B, Ctx))
    return B;
  return conditionValue(Arg, V);
}

std::pair<uint64_t, uint64_t> Partitions::knownBits(const Expr *Arg, unsigned V) const {
  // (`(void *)flags` passed to a callback's `void *info`: the same bits.)
  const Expr *E = ignoreValueCasts(Arg, FD->getASTContext());
  if (auto C = constantBits(E, FD->getASTContext()))
    return {~uint64_t(0), *C};
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_Or || BO->getOpcode() == BO_And) {
      auto [ML, VL] = knownBits(BO->getLHS(), V);
      auto [MR, VR] = knownBits(BO->getRHS(), V);
      if (BO->getOpcode() == BO_Or) // known where both are, or either is a one
        return {(ML & MR) | (ML & VL) | (MR & VR), (VL | VR) & ((ML & MR) | (ML & VL) | (MR & VR))};
      uint64_t M = (ML & MR) | (ML & ~VL) | (MR & ~VR); // or either is a zero
      return {M, VL & VR & M};
    }
    return {0, 0};
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    if (auto C = conditionValue(CO->getCond(), V))
      return knownBits(*C ? CO->getTrueExpr() : CO->getFalseExpr(), V);
    auto [MT, VT] = knownBits(CO->getTrueExpr(), V);
    auto [MF, VF] = knownBits(CO->getFalseExpr(), V);
    uint64_t M = MT & MF & ~(VT ^ VF); // the bits both arms agree on
    return {M, VT & M};
  }
  const auto *DR = dyn_cast<DeclRefExpr>(E);
  if (!DR)
    return {0, 0};
  auto P = intParamOf(FD, DR, &Aliases);
  if (!P || contains(Writes.Params, *P))
    return {0, 0};
  // This function's own modes on that parameter.
  uint64_t M = 0, Val = 0;
  for (unsigned I = 0; I < Tracked.size(); ++I) {
    int K = Tracked[I];
    if (modeParam(K) != *P)
      continue;
    bool True = ((V >> I) & 1) != 0;
    if ((modeKind(K) == ModeKind::Truth && !True) || (modeKind(K) == ModeKind::Equals && True))
      return {~uint64_t(0), modeKind(K) == ModeKind::Truth ? 0 : uint64_t(modeConstant(K))};
    if (modeKind(K) == ModeKind::Bit) {
      M |= uint64_t(1) << modeBitIndex(K);
      Val |= uint64_t(True) << modeBitIndex(K);
    }
  }
  return {M, Val};
}

std::optional<bool> Partitions::bitValue(const Expr *Arg, unsigned B, unsigned V) const {
  auto [M, Val] = knownBits(Arg, V);
  if (!(M >> B & 1))
    return std::nullopt;
  return (Val >> B & 1) != 0;
}

const VarDecl *Partitions::constObjectOf(const Expr *Arg, unsigned V, int Depth) const {
  const Expr *E = Arg->IgnoreParenImpCasts();
  if (Depth > 4)
    return nullptr;
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf) {
    const auto *DR = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts());
    const auto *G = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
    const VarDecl *Def = nullptr;
    if (G && G->hasGlobalStorage() && G->getType().isConstQualified() && G->getAnyInitializer(Def))
      return Def;
    return nullptr;
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    auto C = conditionValue(CO->getCond(), V);
    return C ? constObjectOf(*C ? CO->getTrueExpr() : CO->getFalseExpr(), V, Depth + 1) : nullptr;
  }
  // A local initialised once and not assigned after: its initialiser.
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    if (const auto *L = dyn_cast<VarDecl>(DR->getDecl());
        L && L->isLocalVarDecl() && !L->isStaticLocal() && L->getInit() && !contains(Writes.Vars, L))
      return constObjectOf(L->getInit(), V, Depth + 1);
  return nullptr;
}

/// Field F of a const object's initialiser, if it is an integer constant.
static std::optional<int64_t> initialFieldValue(const VarDecl *G, unsigned F) {
  const auto *RT = G->getType()->getAs<RecordType>();
  const FieldDecl *Field = RT ? fieldAt(RT->getDecl(), F) : nullptr;
  if (!Field || !Field->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  std::optional<FieldStore> St = initialFieldStore(G, F);
  return St ? St->Const : std::nullopt;
}

/// The local object (a record, not static) whose address E is.
static const VarDecl *localObjectOf(const Expr *E) {
  const auto *UO = dyn_cast<UnaryOperator>(E->IgnoreParenCasts());
  const auto *DR = UO && UO->getOpcode() == UO_AddrOf ? dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens())
                                                      : nullptr;
  const auto *L = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!L || !L->isLocalVarDecl() || L->isStaticLocal() || !L->getType()->getAs<RecordType>())
    return nullptr;
  return L;
}

std::optional<int64_t> Partitions::localFieldValue(const Expr *Arg, unsigned F, unsigned V,
                                                   const CallExpr *CE, bool *NonZero) const {
  if (NonZero)
    *NonZero = false;
  const VarDecl *L = CE ? localObjectOf(Arg) : nullptr;
  if (!L)
    return std::nullopt;
  if (!Locals)
    Locals = std::make_unique<LocalFieldStores>(FD);
  std::optional<FieldStore> St = Locals->at(L, F, CE);
  if (!St)
    return std::nullopt;
  if (St->Const)
    return *St->Const;
  // The caller's own parameter (not assigned), stored or handed to the
  // helper that stored it, maybe negated: its truth in this partition.
  bool Neg;
  auto P = intParamOf(FD, stripNot(St->Value, Neg), &Aliases);
  if (!P || contains(Writes.Params, *P))
    return std::nullopt;
  auto Truth = argValue(St->Value, FD->getASTContext(), V);
  if (!Truth)
    return std::nullopt;
  if (!*Truth)
    return 0;
  // True: 1 if the field is a bool or the value is (`bool unlock`, `!x`);
  // otherwise only non-zero.
  const FieldDecl *Field = fieldAt(L->getType()->getAs<RecordType>()->getDecl(), F);
  if ((Field && Field->getType()->isBooleanType()) || Neg || FD->getParamDecl(*P)->getType()->isBooleanType())
    return 1;
  if (NonZero) // a bit-field keeps only the low bits of what it was given
    *NonZero = !(Field && Field->isBitField());
  return std::nullopt;
}

std::map<int, int64_t> Partitions::objectFields(const Expr *Arg, unsigned V, const CallExpr *CE) const {
  std::map<int, int64_t> Out;
  if (const VarDecl *L = CE ? localObjectOf(Arg) : nullptr) {
    for (const FieldDecl *X : L->getType()->getAs<RecordType>()->getDecl()->fields())
      if (X->getFieldIndex() < (unsigned)ModeFields && X->getType()->isIntegralOrEnumerationType())
        if (auto Val = localFieldValue(Arg, X->getFieldIndex(), V, CE); Val && *Val >= 0 && *Val < ModeFieldConstants)
          Out[(int)X->getFieldIndex()] = *Val;
    return Out;
  }
  const VarDecl *G = Arg->getType()->isPointerType() ? constObjectOf(Arg, V, 0) : nullptr;
  const auto *RT = G ? G->getType()->getAs<RecordType>() : nullptr;
  if (!RT)
    return Out;
  for (const FieldDecl *X : RT->getDecl()->fields())
    if (X->getFieldIndex() < (unsigned)ModeFields)
      if (auto Val = initialFieldValue(G, X->getFieldIndex()); Val && *Val >= 0 && *Val < ModeFieldConstants)
        Out[(int)X->getFieldIndex()] = *Val;
  return Out;
}

std::optional<bool> Partitions::fieldEquals(const Expr *Arg, unsigned F, int64_t C, unsigned V,
                                            const CallExpr *CE) const {
  const Expr *E = Arg->IgnoreParenImpCasts();
  if (localObjectOf(E)) {
    bool NonZero;
    if (auto Val = localFieldValue(E, F, V, CE, &NonZero))
      return *Val == C;
    if (NonZero && C == 0)
      return false;
    return std::nullopt;
  }
  if (const VarDecl *G = constObjectOf(E, V, 0)) {
    if (auto Val = initialFieldValue(G, F))
      return *Val == C;
    return std::nullopt;
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E); CO && !conditionValue(CO->getCond(), V)) {
    auto T = fieldEquals(CO->getTrueExpr(), F, C, V), E2 = fieldEquals(CO->getFalseExpr(), F, C, V);
    return T && E2 && *T == *E2 ? T : std::nullopt;
  }
  // This function's own pointer parameter, with a mode on that field.
  if (auto P = pointerParamOf(FD, E); P && !contains(Writes.Params, *P))
    return ownFieldEquals(*P, F, C, V);
  return std::nullopt;
}

std::optional<bool> Partitions::ownFieldEquals(unsigned P, unsigned F, int64_t C, unsigned V) const {
  return paramValue(modeFieldEquals(P, F, C), V); // (false where `ops->f == C2` holds)
}

std::optional<bool> Partitions::modeValue(int Key, const CallExpr *CE, const ASTContext &Ctx,
                                          unsigned V) const {
  unsigned P = modeParam(Key);
  if (P >= CE->getNumArgs())
    return std::nullopt;
  const Expr *Arg = CE->getArg(P);
  switch (modeKind(Key)) {
  case ModeKind::Truth:
    return argValue(Arg, Ctx, V);
  case ModeKind::Bit:
    return bitValue(Arg, modeBitIndex(Key), V);
  case ModeKind::FieldEquals:
    return fieldEquals(Arg, modeField(Key), modeConstant(Key), V, CE);
  case ModeKind::Equals:
    break;
  }
  int64_t C = modeConstant(Key);
  // Evaluated with its conversion to the parameter's type (-1 passed to a
  // u8 is 255).
  if (auto Val = modeConstantOf(Arg, Ctx))
    return *Val == C;
  Expr::EvalResult R;
  if (!Arg->isValueDependent() && Arg->EvaluateAsInt(R, Ctx))
    return false; // a constant no key can hold: not C
  // This function's own parameter passed on, with the same equality tracked.
  if (auto Q = intParamOf(FD, Arg, &Aliases))
    return paramValue(modeEquals(*Q, C), V);
  // A field of its own pointer parameter (`ops->walk_lock`), likewise.
  if (auto PF = paramFieldOf(FD, Arg, /*AnyPointer=*/true);
      PF && !contains(Writes.Params, PF->first) && C < ModeFieldConstants)
    return ownFieldEquals(PF->first, PF->second, C, V);
  return std::nullopt;
}

std::optional<std::pair<unsigned, unsigned>> Partitions::passedField(const Expr *Arg) const {
  auto PF = paramFieldOf(FD, Arg, /*AnyPointer=*/true);
  if (!PF || contains(Writes.Params, PF->first) || PF->first >= (unsigned)ModeParams)
    return std::nullopt;
  return PF;
}

std::optional<unsigned> Partitions::passedParam(const Expr *Arg) const {
  auto P = intParamOf(FD, Arg, &Aliases);
  if (P && contains(Writes.Params, *P))
    return std::nullopt; // `reg = xlate(reg)`: no longer what the caller passed
  return P;
}
