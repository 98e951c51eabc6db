#include "dataflow/Partitions.h"

#include "facts/Places.h"
#include "summaries/Summary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <algorithm>
#include <map>

using namespace clang;
using namespace rcuctx;

/// What the body writes: parameters it assigns or takes the address of
/// (not modes, their value may change), locals assigned after their
/// initialisation (not followed to their initialiser), and the fields of
/// its parameters it stores to (`p->f = x`: no longer what the caller passed).
struct BodyWrites {
  std::vector<unsigned> Params;
  std::vector<const VarDecl *> Vars;
  std::vector<std::pair<unsigned, unsigned>> ParamFields; // (parameter, field index)
};

static std::optional<std::pair<unsigned, unsigned>> paramField(const FunctionDecl *FD, const Expr *E);

static BodyWrites bodyWrites(const FunctionDecl *FD) {
  BodyWrites Out;
  std::vector<const Stmt *> Work{FD->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
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
      } else if (auto PF = paramField(FD, Target)) {
        Out.ParamFields.push_back(*PF);
      }
    }
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  return Out;
}

template <typename T> static bool contains(const std::vector<T> &V, const T &X) {
  return std::find(V.begin(), V.end(), X) != V.end();
}

static std::optional<unsigned> paramIndex(const FunctionDecl *FD, const Expr *E) {
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      if (FD->getParamDecl(I) == DR->getDecl() && FD->getParamDecl(I)->getType()->isIntegerType() &&
          I < (unsigned)ModeParams)
        return I;
  return std::nullopt;
}

static std::optional<int64_t> constantOf(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  std::optional<int64_t> V = R.Val.getInt().tryExtValue();
  if (!V || *V < 0 || *V >= ModeConstantLimit)
    return std::nullopt;
  return *V;
}

/// `p->f` with p a pointer parameter: (p's index, f's index in its record),
/// for an integer or enum field a field key can name.
static std::optional<std::pair<unsigned, unsigned>> paramField(const FunctionDecl *FD, const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!ME || !ME->isArrow())
    return std::nullopt;
  const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
  const auto *DR = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
  if (!Field || !DR || !Field->getType()->isIntegralOrEnumerationType() ||
      Field->getParent()->isUnion() || Field->getFieldIndex() >= (unsigned)ModeFields)
    return std::nullopt;
  // Only through a pointer to const (`const struct mm_walk_ops *ops`): a
  // field the function may not change, and an ops table's in practice; a
  // plain object's field changes under calls and other threads.
  for (unsigned I = 0; I < FD->getNumParams() && I < (unsigned)ModeParams; ++I)
    if (FD->getParamDecl(I) == DR->getDecl() && FD->getParamDecl(I)->getType()->isPointerType() &&
        FD->getParamDecl(I)->getType()->getPointeeType().isConstQualified())
      return std::pair{I, Field->getFieldIndex()};
  return std::nullopt;
}

/// A constant's bits (any constant an integer of up to 64 bits holds).
static std::optional<uint64_t> bitsOf(const Expr *E, const ASTContext &Ctx) {
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
static std::optional<int> bitMode(const FunctionDecl *FD, const Expr *E) {
  const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
  if (!BO || BO->getOpcode() != BO_And)
    return std::nullopt;
  const ASTContext &Ctx = FD->getASTContext();
  for (auto [P, C] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}})
    if (auto I = paramIndex(FD, P); I && !FD->getParamDecl(*I)->getType()->isBooleanType() && namedConstant(C))
      if (auto Bits = bitsOf(C, Ctx); Bits && *Bits && !(*Bits & (*Bits - 1)))
        return modeBit(*I, unsigned(__builtin_ctzll(*Bits)));
  return std::nullopt;
}

/// A call to a one-line predicate on one bit of its parameter
/// (`gfpflags_allow_blocking(gfp)`: `return !!(gfp_flags &
/// __GFP_DIRECT_RECLAIM);`): the argument it tests and the bit; Positive is
/// false where it returns the bit's negation.
static std::optional<std::pair<const Expr *, unsigned>> predicateBit(const CallExpr *CE, bool &Positive) {
  const FunctionDecl *F = CE->getDirectCallee();
  const FunctionDecl *Def = nullptr;
  if (!F || !F->hasBody(Def))
    return std::nullopt;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  const auto *Ret = Body && Body->size() == 1 ? dyn_cast<ReturnStmt>(Body->body_front()) : nullptr;
  if (!Ret || !Ret->getRetValue())
    return std::nullopt;
  bool Neg;
  auto K = bitMode(Def, stripNot(Ret->getRetValue(), Neg));
  if (!K || modeParam(*K) >= CE->getNumArgs())
    return std::nullopt;
  // A narrower integer result would drop the bit (`u8 f(u64 x) { return x &
  // BIT(40); }` is always 0).
  QualType RT = Def->getReturnType();
  if (!RT->isBooleanType() && (!RT->isIntegerType() || modeBitIndex(*K) >= Def->getASTContext().getTypeSize(RT)))
    return std::nullopt;
  Positive = !Neg;
  return std::pair{CE->getArg(modeParam(*K)), modeBitIndex(*K)};
}

std::optional<int> rcuctx::conditionMode(const FunctionDecl *FD, const Expr *Cond, bool &Positive) {
  const Expr *C = Cond->IgnoreParenImpCasts();
  if (auto K = equalityMode(FD, C, Positive))
    return K;
  Positive = true;
  if (auto K = bitMode(FD, C))
    return K;
  // `gfpflags_allow_blocking(gfp)`: a bit of this function's parameter.
  if (const auto *CE = dyn_cast<CallExpr>(C)) {
    auto PB = predicateBit(CE, Positive);
    auto I = PB ? paramIndex(FD, PB->first) : std::nullopt;
    if (I && !FD->getParamDecl(*I)->getType()->isBooleanType())
      return modeBit(*I, PB->second);
    Positive = true;
    return std::nullopt;
  }
  const auto *BO = dyn_cast<BinaryOperator>(C);
  if (!BO || (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE))
    return std::nullopt;
  const ASTContext &Ctx = FD->getASTContext();
  for (auto [X, Y] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}}) {
    auto V = constantOf(Y, Ctx);
    if (!V)
      continue;
    Positive = BO->getOpcode() == BO_EQ;
    if (auto PF = paramField(FD, X); PF && *V < ModeFieldConstants)
      return modeFieldEquals(PF->first, PF->second, *V);
    if (*V == 0)
      if (auto K = bitMode(FD, X)) { // `(flags & BIT) != 0`
        Positive = !Positive;
        return K;
      }
  }
  return std::nullopt;
}

std::optional<int> rcuctx::equalityMode(const FunctionDecl *FD, const Expr *Cond, bool &Equal) {
  const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
  if (!BO || (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE))
    return std::nullopt;
  Equal = BO->getOpcode() == BO_EQ;
  const ASTContext &Ctx = FD->getASTContext();
  for (auto [P, C] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}})
    if (auto I = paramIndex(FD, P); I && !FD->getParamDecl(*I)->getType()->isBooleanType())
      if (auto V = constantOf(C, Ctx))
        return modeEquals(*I, *V);
  return std::nullopt;
}

std::optional<unsigned> rcuctx::switchedParam(const FunctionDecl *FD, const SwitchStmt *Sw) {
  return Sw->getCond() ? paramIndex(FD, Sw->getCond()) : std::nullopt;
}

std::optional<int64_t> rcuctx::caseConstant(const CaseStmt *Case, const ASTContext &Ctx) {
  if (Case->caseStmtIsGNURange())
    return std::nullopt;
  return constantOf(Case->getLHS(), Ctx);
}

/// The body's tests of its parameters: integer parameters a condition tests
/// directly (`if (flags)`) or one bit of (`flags & BIT`), and equalities with
/// constants -- `if (reg == C)`, `ops->f == C`, and the cases of a `switch
/// (reg)` with at most three of them (a big dispatch switch is not a mode: its
/// cases would not fit the partitions). With Lookup, also what the body hands
/// to a callee's mode: `ops->f` to an equality (process_mm_walk_lock(mm,
/// ops->walk_lock)), and a pointer parameter to a field mode.
struct TestedModes {
  std::vector<int> Truths, Bits, Equalities;
};

static TestedModes testedModes(const FunctionDecl *FD, const BodyWrites &W,
                               const CalleeSummaryLookup *Lookup) {
  const ASTContext &Ctx = FD->getASTContext();
  TestedModes Out;
  auto Add = [](std::vector<int> &To, int Key) {
    if (std::find(To.begin(), To.end(), Key) == To.end())
      To.push_back(Key);
  };
  auto AddKey = [&](int K) {
    switch (modeKind(K)) {
    case ModeKind::Truth:
      return Add(Out.Truths, K);
    case ModeKind::Bit:
      return Add(Out.Bits, K);
    default:
      return Add(Out.Equalities, K);
    }
  };
  std::vector<const Stmt *> Work{FD->getBody()};
  std::function<void(const Expr *)> Consider = [&](const Expr *Cond) {
    if (!Cond)
      return;
    bool Neg, Positive;
    const Expr *C = stripNot(Cond, Neg);
    // `if (t == NULL && !gfpflags_allow_blocking(gfp))`: each operand is a
    // test of its own (the CFG gives it its own branch).
    if (const auto *BO = dyn_cast<BinaryOperator>(C); BO && BO->isLogicalOp()) {
      Consider(BO->getLHS());
      Consider(BO->getRHS());
      return;
    }
    if (isa<DeclRefExpr>(C)) {
      if (auto I = paramIndex(FD, C))
        AddKey(*I);
    } else if (auto K = conditionMode(FD, C, Positive)) {
      AddKey(*K);
    }
  };
  auto Passed = [&](const CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    const Summary *S = Callee ? (*Lookup)(Callee) : nullptr;
    if (!S)
      return;
    for (int K : S->modeKeys()) {
      unsigned I = modeParam(K);
      if (I >= CE->getNumArgs())
        continue;
      const Expr *Arg = CE->getArg(I)->IgnoreParenImpCasts();
      switch (modeKind(K)) {
      case ModeKind::Equals:
        if (auto PF = paramField(FD, Arg); PF && modeConstant(K) < ModeFieldConstants)
          AddKey(modeFieldEquals(PF->first, PF->second, modeConstant(K)));
        break;
      case ModeKind::FieldEquals:
        if (const auto *DR = dyn_cast<DeclRefExpr>(Arg))
          for (unsigned P = 0; P < FD->getNumParams() && P < (unsigned)ModeParams; ++P)
            if (FD->getParamDecl(P) == DR->getDecl() && FD->getParamDecl(P)->getType()->isPointerType() &&
                FD->getParamDecl(P)->getType()->getPointeeType().isConstQualified())
              AddKey(modeFieldEquals(P, modeField(K), modeConstant(K)));
        break;
      case ModeKind::Truth:
      case ModeKind::Bit:
        // Not followed: an integer the caller only passes on is no mode of
        // its own (as for a parameter's truth, the callee's obligation under
        // one value of it is dropped at such a call).
        break;
      }
    }
  };
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (const auto *If = dyn_cast<IfStmt>(S))
      Consider(If->getCond());
    else if (const auto *CO = dyn_cast<ConditionalOperator>(S))
      Consider(CO->getCond());
    else if (const auto *CE = dyn_cast<CallExpr>(S); CE && Lookup && *Lookup)
      Passed(CE);
    else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
      if (auto P = switchedParam(FD, Sw)) {
        std::vector<int> Cases;
        bool Ok = true;
        for (const SwitchCase *SC = Sw->getSwitchCaseList(); SC && Ok; SC = SC->getNextSwitchCase())
          if (const auto *Case = dyn_cast<CaseStmt>(SC)) {
            auto V = caseConstant(Case, Ctx);
            Ok = V.has_value();
            if (Ok)
              Cases.push_back(modeEquals(*P, *V));
          }
        if (Ok && Cases.size() <= 3)
          for (int K : Cases)
            AddKey(K);
      }
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  auto Changed = [&](int K) {
    if (contains(W.Params, modeParam(K)))
      return true;
    return modeKind(K) == ModeKind::FieldEquals &&
           contains(W.ParamFields, std::pair{modeParam(K), modeField(K)});
  };
  for (std::vector<int> *L : {&Out.Truths, &Out.Bits, &Out.Equalities})
    L->erase(std::remove_if(L->begin(), L->end(), Changed), L->end());
  std::sort(Out.Truths.begin(), Out.Truths.end());
  return Out;
}

Partitions::Partitions(const FunctionDecl *FD, const CalleeSummaryLookup *Lookup) : FD(FD) {
  // `bool shared` first, then integer parameters the body tests directly,
  // then equalities with constants, then bits; at most three in all.
  for (unsigned I = 0; I < FD->getNumParams() && I < (unsigned)ModeParams && Tracked.size() < 3; ++I)
    if (FD->getParamDecl(I)->getType()->isBooleanType())
      Tracked.push_back(I);
  BodyWrites W = bodyWrites(FD);
  Assigned = W.Params;
  AssignedVars = W.Vars;
  TestedModes T = testedModes(FD, W, Lookup);
  for (std::vector<int> *From : {&T.Truths, &T.Equalities, &T.Bits})
    for (int K : *From)
      if (Tracked.size() < 3 && std::find(Tracked.begin(), Tracked.end(), K) == Tracked.end())
        Tracked.push_back(K);
}

Valuation Partitions::valuation(unsigned V) const {
  Valuation R;
  for (unsigned I = 0; I < Tracked.size(); ++I)
    R.push_back({Tracked[I], ((V >> I) & 1) != 0});
  return R;
}

std::optional<bool> Partitions::paramValue(int Param, unsigned V) const {
  for (unsigned I = 0; I < Tracked.size(); ++I)
    if (Tracked[I] == Param)
      return ((V >> I) & 1) != 0;
  return std::nullopt;
}

std::optional<bool> Partitions::argValue(const Expr *Arg, const ASTContext &Ctx, unsigned V) const {
  Arg = Arg->IgnoreParenImpCasts();
  bool B;
  if (!Arg->isValueDependent() && Arg->EvaluateAsBooleanCondition(B, Ctx))
    return B;
  return conditionValue(Arg, V);
}

std::optional<bool> Partitions::conditionValue(const Expr *Cond, unsigned V) const {
  bool Neg, Positive;
  const Expr *C = stripNot(Cond, Neg);
  std::optional<bool> Val;
  if (const auto *DR = dyn_cast<DeclRefExpr>(C)) {
    for (unsigned P = 0; P < FD->getNumParams() && P < (unsigned)ModeParams; ++P)
      if (FD->getParamDecl(P) == DR->getDecl())
        Val = paramValue(P, V);
  } else if (auto K = conditionMode(FD, C, Positive)) {
    if (auto M = paramValue(*K, V))
      Val = *M == Positive;
  }
  if (Val && Neg)
    Val = !*Val;
  return Val;
}

std::pair<uint64_t, uint64_t> Partitions::knownBits(const Expr *Arg, unsigned V) const {
  const Expr *E = Arg->IgnoreParenImpCasts();
  if (auto C = bitsOf(E, FD->getASTContext()))
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
  auto P = paramIndex(FD, DR);
  if (!P || contains(Assigned, *P))
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
        L && L->isLocalVarDecl() && !L->isStaticLocal() && L->getInit() && !contains(AssignedVars, L))
      return constObjectOf(L->getInit(), V, Depth + 1);
  return nullptr;
}

/// Field F of a const object's initialiser, if it is an integer constant.
static std::optional<int64_t> initialFieldValue(const VarDecl *G, unsigned F) {
  const auto *RT = G->getType()->getAs<RecordType>();
  const auto *IL = dyn_cast_or_null<InitListExpr>(G->getInit() ? G->getInit()->IgnoreParenImpCasts() : nullptr);
  if (!RT || RT->getDecl()->isUnion() || !IL)
    return std::nullopt;
  const FieldDecl *Field = nullptr;
  for (const FieldDecl *X : RT->getDecl()->fields())
    if (X->getFieldIndex() == F)
      Field = X;
  if (!Field || !Field->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  // The initialiser's position of field F: unnamed bit-fields have none.
  unsigned Pos = 0;
  for (const FieldDecl *X : RT->getDecl()->fields()) {
    if (X == Field)
      break;
    Pos += !X->isUnnamedBitField();
  }
  if (Pos >= IL->getNumInits())
    return 0; // not named in the initialiser: zero
  const Expr *Init = IL->getInit(Pos);
  if (!Init || isa<ImplicitValueInitExpr>(Init))
    return 0;
  Expr::EvalResult R;
  if (Init->isValueDependent() || !Init->EvaluateAsInt(R, G->getASTContext()))
    return std::nullopt;
  return R.Val.getInt().tryExtValue();
}

std::map<int, int64_t> Partitions::objectFields(const Expr *Arg, unsigned V) const {
  std::map<int, int64_t> Out;
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

std::optional<bool> Partitions::fieldEquals(const Expr *Arg, unsigned F, int64_t C, unsigned V) const {
  const Expr *E = Arg->IgnoreParenImpCasts();
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
  const auto *DR = dyn_cast<DeclRefExpr>(E);
  if (!DR)
    return std::nullopt;
  for (unsigned P = 0; P < FD->getNumParams() && P < (unsigned)ModeParams; ++P)
    if (FD->getParamDecl(P) == DR->getDecl() && !contains(Assigned, P))
      return ownFieldEquals(P, F, C, V);
  return std::nullopt;
}

std::optional<bool> Partitions::ownFieldEquals(unsigned P, unsigned F, int64_t C, unsigned V) const {
  if (auto Val = paramValue(modeFieldEquals(P, F, C), V))
    return *Val;
  for (unsigned I = 0; I < Tracked.size(); ++I) // `ops->f == C2` holds: not C
    if (modeKind(Tracked[I]) == ModeKind::FieldEquals && modeParam(Tracked[I]) == P &&
        modeField(Tracked[I]) == F && ((V >> I) & 1))
      return false;
  return std::nullopt;
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
    return fieldEquals(Arg, modeField(Key), modeConstant(Key), V);
  case ModeKind::Equals:
    break;
  }
  int64_t C = modeConstant(Key);
  // Evaluated with its conversion to the parameter's type (-1 passed to a
  // u8 is 255).
  if (auto Val = constantOf(Arg, Ctx))
    return *Val == C;
  Expr::EvalResult R;
  if (!Arg->isValueDependent() && Arg->EvaluateAsInt(R, Ctx))
    return false; // a constant no key can hold: not C
  // This function's own parameter passed on, with the same equality tracked.
  if (auto Q = paramIndex(FD, Arg))
    return paramValue(modeEquals(*Q, C), V);
  // A field of its own pointer parameter (`ops->walk_lock`), likewise.
  if (auto PF = paramField(FD, Arg); PF && !contains(Assigned, PF->first) && C < ModeFieldConstants)
    return ownFieldEquals(PF->first, PF->second, C, V);
  return std::nullopt;
}

std::optional<unsigned> Partitions::passedParam(const Expr *Arg) const {
  auto P = paramIndex(FD, Arg);
  if (P && contains(Assigned, *P))
    return std::nullopt; // `reg = xlate(reg)`: no longer what the caller passed
  return P;
}

bool Partitions::feasible(unsigned V) const {
  // Per parameter (and per field of one): the constant it equals, if some
  // equality is true here.
  std::map<std::pair<unsigned, int>, int64_t> Equals;
  for (unsigned I = 0; I < Tracked.size(); ++I) {
    int K = Tracked[I];
    bool Value = ((V >> I) & 1) != 0;
    if (!Value || (modeKind(K) != ModeKind::Equals && modeKind(K) != ModeKind::FieldEquals))
      continue;
    int Field = modeKind(K) == ModeKind::FieldEquals ? (int)modeField(K) : -1;
    auto [It, New] = Equals.insert({{modeParam(K), Field}, modeConstant(K)});
    if (!New && It->second != modeConstant(K))
      return false; // reg == 1 and reg == 2
  }
  for (unsigned I = 0; I < Tracked.size(); ++I) {
    int K = Tracked[I];
    bool Value = ((V >> I) & 1) != 0;
    if (modeKind(K) != ModeKind::Truth && modeKind(K) != ModeKind::Bit)
      continue;
    auto It = Equals.find({modeParam(K), -1});
    if (It != Equals.end()) {
      bool Holds = modeKind(K) == ModeKind::Truth ? It->second != 0
                                                  : ((uint64_t(It->second) >> modeBitIndex(K)) & 1) != 0;
      if (Holds != Value)
        return false; // `if (flags)` false, yet flags == 5
    }
    // (A bit set with `flags` false is kept: callers count the valuations
    // of truth-like modes, 2^n of them, and would drop an obligation present
    // in all the partitions analysed. That partition is merely empty.)
  }
  return true;
}

std::vector<std::vector<unsigned>> Partitions::imbalanceGroups() const {
  // Only an integer parameter's truth (`err`) is a mere path of one protocol.
  unsigned BoolMask = 0;
  for (unsigned I = 0; I < Tracked.size(); ++I)
    if (modeKind(Tracked[I]) != ModeKind::Truth ||
        FD->getParamDecl(Tracked[I])->getType()->isBooleanType())
      BoolMask |= 1u << I;
  std::map<unsigned, std::vector<unsigned>> G;
  for (unsigned V = 0; V < count(); ++V)
    G[V & BoolMask].push_back(V);
  std::vector<std::vector<unsigned>> Out;
  for (auto &KV : G)
    Out.push_back(KV.second);
  return Out;
}
