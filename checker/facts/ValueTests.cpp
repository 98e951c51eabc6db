#include "facts/ValueTests.h"

#include "lattice/ContextState.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include "facts/Places.h"

using namespace clang;

namespace rcuctx {

static const VarDecl *localOf(const Expr *E) {
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()))
    if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
      if (VD->hasLocalStorage())
        return VD;
  return nullptr;
}

/// The local E reads: itself, or the one an assignment in a condition has
/// just stored to (`(rc = f()) < 0` tests rc).
static const VarDecl *testedLocal(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const VarDecl *VD = localOf(E))
    return VD;
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Assign)
    return localOf(BO->getLHS());
  return nullptr;
}

const void *valueHolder(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const VarDecl *VD = testedLocal(E))
    return VD;
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (!CE->getBuiltinCallee())
      return CE;
  return nullptr;
}

const VarDecl *storedLocal(const Stmt *S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    if (BO->isAssignmentOp())
      return localOf(BO->getLHS());
  if (const auto *U = dyn_cast<UnaryOperator>(S))
    if (U->isIncrementDecrementOp())
      return localOf(U->getSubExpr());
  return nullptr;
}

static std::string calleeName(const Expr *E) {
  if (const auto *CE = dyn_cast<CallExpr>(E->IgnoreParenCasts()))
    if (const FunctionDecl *F = CE->getDirectCallee())
      return F->getNameAsString();
  return "";
}

uint8_t classesOfReturned(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return VC_All;
  // A statement expression gives its last expression (`({ irq_enable(); 0; })`).
  if (const auto *SE = dyn_cast<StmtExpr>(E->IgnoreParenImpCasts()))
    return classesOfReturned(stmtExprValue(SE), Ctx);
  if (E->isValueDependent() || E->isTypeDependent())
    return VC_All;
  if (E->isNullPointerConstant(const_cast<ASTContext &>(Ctx), Expr::NPC_ValueDependentIsNotNull))
    return VC_Zero;
  Expr::EvalResult R;
  if (E->getType()->isIntegralOrEnumerationType() && E->EvaluateAsInt(R, Ctx)) {
    const llvm::APSInt &I = R.Val.getInt();
    if (I.isZero())
      return VC_Zero;
    return I.isSigned() && I.isNegative() ? VC_Error : VC_Valid;
  }
  std::string Callee = calleeName(E);
  if (makesErrorPointer(Callee))
    return VC_Error;
  if (E->getType()->isPointerType())
    return VC_Valid; // the object (see the header)
  return VC_All;
}

static bool isZeroConstant(const Expr *E, const ASTContext &Ctx) {
  if (E->isNullPointerConstant(const_cast<ASTContext &>(Ctx), Expr::NPC_ValueDependentIsNotNull))
    return true;
  Expr::EvalResult R;
  return !E->isValueDependent() && E->EvaluateAsInt(R, Ctx) && R.Val.getInt().isZero();
}

std::optional<ValueTest> valueTestOf(const Expr *Cond, const ASTContext &Ctx) {
  if (!Cond)
    return std::nullopt;
  bool Neg;
  const Expr *C = stripNot(Cond, Neg);
  // The tested expression E is in WhenTrue's classes when C is true.
  auto Out = [&](const Expr *E, uint8_t WhenTrue) -> std::optional<ValueTest> {
    const void *H = valueHolder(E);
    if (!H)
      return std::nullopt;
    return ValueTest{H, testedLocal(E), uint8_t(Neg ? (VC_All & ~WhenTrue) : WhenTrue)};
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(C)) {
    const Expr *L = BO->getLHS()->IgnoreParenCasts(), *R = BO->getRHS()->IgnoreParenCasts();
    BinaryOperatorKind Op = BO->getOpcode();
    if (isZeroConstant(L, Ctx) && !isZeroConstant(R, Ctx)) { // 0 < x is x > 0
      std::swap(L, R);
      Op = Op == BO_LT ? BO_GT : Op == BO_GT ? BO_LT : Op == BO_LE ? BO_GE : Op == BO_GE ? BO_LE : Op;
    }
    if (!isZeroConstant(R, Ctx)) {
      // `ret != -EINTR`, `p == SEQ_START_TOKEN`: which constant, either way.
      std::optional<int64_t> K = constantValueOf(R, Ctx);
      if (!K && (K = constantValueOf(L, Ctx)))
        std::swap(L, R); // -EINTR != ret
      if (!K || (Op != BO_EQ && Op != BO_NE))
        return std::nullopt;
      const void *H = valueHolder(L);
      if (!H)
        return std::nullopt;
      ValueTest T{H, testedLocal(L), VC_All};
      T.Compared = K;
      T.TrueIfEqual = (Op == BO_EQ) != Neg;
      return T;
    }
    switch (Op) {
    case BO_EQ:
      return Out(L, VC_Zero);
    case BO_NE:
      return Out(L, VC_Error | VC_Valid);
    case BO_LT:
      return Out(L, VC_Error);
    case BO_GE:
      return Out(L, VC_Zero | VC_Valid);
    case BO_GT:
      return Out(L, VC_Valid);
    case BO_LE:
      return Out(L, VC_Zero | VC_Error);
    default:
      return std::nullopt;
    }
  }
  std::string Callee = calleeName(C);
  if (Callee == "IS_ERR" || Callee == "IS_ERR_OR_NULL") {
    const auto *CE = cast<CallExpr>(C->IgnoreParenCasts());
    if (CE->getNumArgs() != 1)
      return std::nullopt;
    return Out(CE->getArg(0), Callee == "IS_ERR" ? VC_Error : (VC_Zero | VC_Error));
  }
  // A truth test of the value itself: `if (vma)`, `if (!pte)`, `if (ret)`.
  return Out(C, VC_Error | VC_Valid);
}

uint8_t ValueTest::mask(const ValueSplit *S, bool TrueEdge) const {
  if (!Compared) {
    uint8_t M = TrueEdge ? WhenTrue : uint8_t(VC_All & ~WhenTrue);
    return S ? S->withConst(M) : M;
  }
  bool Equal = TrueEdge == TrueIfEqual;
  if (S && S->Const == Compared)
    return Equal ? uint8_t(VC_Const) : uint8_t(VC_All);
  // Another constant: equal to it is its class (not the split's constant);
  // not equal to it says nothing.
  return Equal ? baseClassOf(*Compared) : uint8_t(VC_All | (S && S->Const ? VC_Const : 0));
}

std::optional<int64_t> constantValueOf(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent())
    return std::nullopt;
  // `(void *)1`: the integer a pointer is made of.
  const Expr *I = E;
  if (E->getType()->isPointerType()) {
    I = E->IgnoreParenCasts();
    if (!I->getType()->isIntegerType())
      return std::nullopt;
  }
  Expr::EvalResult R;
  if (!I->getType()->isIntegerType() || !I->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  const llvm::APSInt &V = R.Val.getInt();
  // (ULONG_MAX is no -1: an unsigned value past INT64_MAX names no constant.)
  if (V.isSigned() ? V.getSignificantBits() > 64 : V.getActiveBits() > 63)
    return std::nullopt;
  return V.isSigned() ? V.getSExtValue() : int64_t(V.getZExtValue());
}

bool isContainerOf(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  SourceLocation B = E->getBeginLoc(), End = E->getEndLoc();
  if (!B.isMacroID() || !End.isMacroID())
    return false;
  auto Named = [&](SourceLocation L) {
    StringRef N = Lexer::getImmediateMacroName(L, SM, LO);
    return N == "container_of" || N == "container_of_const";
  };
  if (!Named(B) || !Named(End) ||
      SM.getImmediateExpansionRange(B).getBegin() != SM.getImmediateExpansionRange(End).getBegin())
    return false;
  // Only a member at a non-zero offset (container_of(NULL, T, first) is
  // NULL), or a pointer read from a list_head's next/prev: a circular
  // list's links are never NULL (a list iterator's step).
  bool NonZeroOffset = false, ListLink = false;
  std::vector<const Stmt *> Work{E};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (const auto *OE = dyn_cast<OffsetOfExpr>(S)) {
      Expr::EvalResult R;
      NonZeroOffset |= !OE->isValueDependent() && OE->EvaluateAsInt(R, Ctx) &&
                       R.Val.getInt().isStrictlyPositive();
    }
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        if (FD->getIdentifier() && (FD->getName() == "next" || FD->getName() == "prev"))
          if (const RecordDecl *RD = FD->getParent(); RD && RD->getIdentifier() && RD->getName() == "list_head")
            ListLink = true;
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  return NonZeroOffset || ListLink;
}

const ValueSplit *splitOf(const Expr *E, const ContextState &St) {
  const void *H = valueHolder(E);
  auto It = H ? St.Splits.find(H) : St.Splits.end();
  return It == St.Splits.end() ? nullptr : &It->second;
}

uint8_t constantClass(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent())
    return 0;
  if (E->IgnoreParenCasts()->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                                   Expr::NPC_ValueDependentIsNotNull))
    return VC_Zero;
  Expr::EvalResult R;
  if (!E->getType()->isIntegerType() || !E->EvaluateAsInt(R, Ctx))
    return 0;
  const llvm::APSInt &V = R.Val.getInt();
  return V.isZero() ? VC_Zero : V.isNegative() ? VC_Error : VC_Valid;
}

bool holdsError(QualType T, const ASTContext &Ctx) {
  return T->isPointerType() || (T->isSignedIntegerType() && Ctx.getTypeSize(T) >= 32);
}

bool givesKnownError(const CallExpr *CE, const ContextState &St, const ASTContext &Ctx) {
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  if (!F || !F->getIdentifier() || CE->getNumArgs() != 1)
    return false;
  StringRef Name = F->getName();
  if (!makesErrorPointer(Name) && Name != "PTR_ERR")
    return false;
  const Expr *Arg = CE->getArg(0);
  const ValueSplit *S = splitOf(Arg, St);
  return (S && S->bases() == VC_Error) || (Name == "ERR_PTR" && constantClass(Arg, Ctx) == VC_Error);
}

uint8_t soundReturnClasses(const Expr *Value, const ContextState &St, const ASTContext &Ctx) {
  if (!Value)
    return VC_All;
  const Expr *E = Value->IgnoreParenCasts();
  // Not a split a callee's exits per class made (it has a Site): those
  // classes may rest on the callee's guess that a pointer is an object.
  if (const ValueSplit *S = splitOf(E, St); S && S->Known)
    return S->Site.isValid() ? uint8_t(VC_All) : S->bases();
  if (E->isNullPointerConstant(const_cast<ASTContext &>(Ctx), Expr::NPC_ValueDependentIsNotNull))
    return VC_Zero;
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
    return VC_Valid;
  if (isa<StringLiteral>(E))
    return VC_Valid;
  if (isContainerOf(E, Ctx))
    return VC_Valid;
  // ERR_PTR(x): x's class, read in its own type (a negative errno an
  // error, 0 NULL, anything positive a pointer of the valid class).
  if (const auto *CE = dyn_cast<CallExpr>(E); CE && CE->getNumArgs() == 1 && CE->getDirectCallee() &&
                                              CE->getDirectCallee()->getName() == "ERR_PTR") {
    const Expr *Arg = CE->getArg(0);
    if (const ValueSplit *S = splitOf(Arg, St); S && S->Known)
      return S->bases();
    if (uint8_t C = constantClass(Arg, Ctx))
      return C;
  }
  return VC_All;
}

} // namespace rcuctx
