#include "transfer/FlagTransfer.h"

#include "dataflow/ModeExprs.h"
#include "facts/Places.h"
#include "facts/StmtWalk.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;
using namespace rcuctx;

/// The integer field E reads (`x->flags`, `x.flags`), through casts.
static const FieldDecl *fieldRead(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!ME || !ME->getType()->isIntegerType())
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

/// The name of a one-bit constant E: an enumerator, or the macro it is
/// spelt with.
static std::string bitName(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  E = E->IgnoreParenImpCasts();
  std::optional<llvm::APSInt> V;
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *EC = dyn_cast<EnumConstantDecl>(DR->getDecl());
    if (!EC)
      return "";
    V = EC->getInitVal();
    if (!V->isPowerOf2() || V->isNegative())
      return "";
    return EC->getName().str();
  }
  if (!E->getBeginLoc().isMacroID())
    return "";
  if (const auto *IL = dyn_cast<IntegerLiteral>(E)) {
    if (!IL->getValue().isPowerOf2())
      return "";
  } else if (const auto *BO = dyn_cast<BinaryOperator>(E); !BO || BO->getOpcode() != BO_Shl) {
    return ""; // BIT(n), 1 << n, 1UL << n
  } else {
    // A constant shift only: `#define DEV_F(n) (1U << (n))` with a
    // variable n names no one bit.
    Expr::EvalResult R;
    if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx) || !R.Val.getInt().isPowerOf2())
      return "";
  }
  // The outermost macro the constant is spelt with (`BLK_MQ_F_X` rather
  // than the BIT() inside it).
  SourceLocation L = E->getBeginLoc();
  std::string Name;
  while (L.isMacroID()) {
    if (!SM.isMacroArgExpansion(L)) {
      llvm::StringRef N = Lexer::getImmediateMacroName(L, SM, LO);
      if (!N.empty())
        Name = N.str();
    }
    L = SM.getImmediateMacroCallerLoc(L);
  }
  return Name == "BIT" || Name == "BIT_ULL" ? "" : Name;
}

/// The pointer parameter E names, if any.
static const ParmVarDecl *pointerParam(const Expr *E) {
  const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *P = DR ? dyn_cast<ParmVarDecl>(DR->getDecl()) : nullptr;
  return P && P->getType()->isPointerType() ? P : nullptr;
}

std::string rcuctx::nullFlagKey(unsigned Param) { return "$" + std::to_string(Param); }

const Expr *rcuctx::namedFlagOperand(const Expr *E, const ASTContext &Ctx) {
  bool Neg;
  E = stripNot(E, Neg);
  if (const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
      BO && (BO->getOpcode() == BO_NE || BO->getOpcode() == BO_EQ)) {
    const auto *Z = dyn_cast<IntegerLiteral>(BO->getRHS()->IgnoreParenImpCasts());
    if (!Z || Z->getValue() != 0)
      return nullptr;
    E = stripNot(BO->getLHS(), Neg);
  }
  const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
  if (!BO || BO->getOpcode() != BO_And)
    return nullptr;
  if (BO->getLHS()->getType()->isIntegerType() && !bitName(BO->getRHS(), Ctx).empty())
    return BO->getLHS()->IgnoreParenImpCasts();
  if (BO->getRHS()->getType()->isIntegerType() && !bitName(BO->getLHS(), Ctx).empty())
    return BO->getRHS()->IgnoreParenImpCasts();
  return nullptr;
}

/// The one value a small bool helper returns, when its body ends in its
/// only return (`static inline bool folio_memcg_kmem(struct folio *folio) {
/// VM_BUG_ON(...); return folio->memcg_data & MEMCG_DATA_KMEM; }`). Only
/// bool: an int or narrower return could truncate the bit away
/// (`return x->flags & BIT_ULL(40)` as an int is always 0), and a pointer
/// getter's value is no test of an object's field. Only a few statements:
/// the question is asked on every branch edge, and helpers are small.
static const Expr *onlyReturnedValue(const FunctionDecl *FD) {
  if (!FD || !FD->getReturnType()->isBooleanType())
    return nullptr;
  const FunctionDecl *Def = FD->getDefinition();
  const auto *Body = Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
  if (!Body || Body->body_empty() || Body->size() > 4)
    return nullptr;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_back());
  if (!Ret || !Ret->getRetValue())
    return nullptr;
  bool OtherReturn = false;
  for (const Stmt *S : Body->body())
    if (S != Ret)
      forEachStmt(S, [&](const Stmt *T) { return !(OtherReturn |= isa<ReturnStmt>(T)); });
  return OtherReturn ? nullptr : Ret->getRetValue();
}

static std::optional<std::pair<std::string, bool>> flagTestAt(const Expr *E, const ASTContext &Ctx,
                                                              const std::vector<unsigned> &Written,
                                                              unsigned Depth);

std::optional<std::pair<std::string, bool>> rcuctx::flagTestOf(const Expr *E, const ASTContext &Ctx,
                                                               const std::vector<unsigned> &Written) {
  return flagTestAt(E, Ctx, Written, 0);
}

static std::optional<std::pair<std::string, bool>> flagTestAt(const Expr *E, const ASTContext &Ctx,
                                                              const std::vector<unsigned> &Written,
                                                              unsigned Depth) {
  bool Neg = false;
  E = stripNot(E, Neg);
  // A helper that only returns an object's flag test
  // (`folio_memcg_kmem(folio)`) is that test: the key names the field and
  // the bit, whichever object, so the argument needs no mapping. Not a
  // parameter's NULL test, which would be the helper's parameter.
  if (const auto *CE = dyn_cast<CallExpr>(E->IgnoreParenImpCasts()); CE && Depth < 2) {
    const Expr *V = onlyReturnedValue(CE->getDirectCallee());
    auto T = V ? flagTestAt(V, Ctx, {}, Depth + 1) : std::nullopt;
    if (!T || T->first.empty() || T->first[0] == '$')
      return std::nullopt;
    T->second = T->second != Neg;
    return T;
  }
  // `if (skb)`, `if (!skb)`, `skb == NULL`: whether a pointer parameter is
  // NULL ("$N", true where it is).
  // (Not a parameter the body assigns: its test would speak of what it
  // holds then, not of what the caller passed.)
  auto Unwritten = [&](const ParmVarDecl *P) {
    return P && !contains(Written, P->getFunctionScopeIndex());
  };
  if (const ParmVarDecl *P = pointerParam(E))
    return Unwritten(P) ? std::make_optional(std::make_pair(nullFlagKey(P->getFunctionScopeIndex()), Neg))
                        : std::nullopt;
  if (const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
      BO && (BO->getOpcode() == BO_NE || BO->getOpcode() == BO_EQ)) {
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    if (!pointerParam(L))
      std::swap(L, R);
    if (const ParmVarDecl *P = pointerParam(L);
        Unwritten(P) && R->IgnoreParenCasts()->getType()->isIntegerType() && isa<IntegerLiteral>(R->IgnoreParenCasts()) &&
        cast<IntegerLiteral>(R->IgnoreParenCasts())->getValue() == 0)
      return std::make_pair(nullFlagKey(P->getFunctionScopeIndex()), (BO->getOpcode() == BO_EQ) != Neg);
  }
  // `(x->f & B) != 0`, `(x->f & B) == 0`
  if (const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
      BO && (BO->getOpcode() == BO_NE || BO->getOpcode() == BO_EQ)) {
    const auto *Z = dyn_cast<IntegerLiteral>(BO->getRHS()->IgnoreParenImpCasts());
    if (!Z || Z->getValue() != 0)
      return std::nullopt;
    bool Inner;
    E = stripNot(BO->getLHS(), Inner);
    Neg = Neg != Inner != (BO->getOpcode() == BO_EQ);
  }
  // `if (state->do_async_flip)`: a boolean field, of its record type (a
  // field name alone would tie unrelated objects' flags together); so too
  // a pointer field's NULL test, true where it is set (`if (fi->nh)` in
  // free_fib_info_rcu() and fib_info_num_path(), net/ipv4: the callee's
  // RCU need under its test is none on the caller's other branch).
  if (const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts()))
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
        FD && FD->getIdentifier() && (FD->getType()->isBooleanType() || FD->getType()->isPointerType()) &&
        FD->getParent()->getIdentifier())
      return std::make_pair(FD->getParent()->getName().str() + "::" + FD->getName().str(), !Neg);
  const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
  if (!BO || BO->getOpcode() != BO_And)
    return std::nullopt;
  const Expr *F = BO->getLHS(), *B = BO->getRHS();
  const FieldDecl *FD = fieldRead(F);
  if (!FD) {
    std::swap(F, B);
    FD = fieldRead(F);
  }
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  std::string Name = bitName(B, Ctx);
  if (Name.empty())
    return std::nullopt;
  return std::make_pair(FD->getName().str() + "&" + Name, !Neg);
}

static const char StorePrefix[] = "store:";
static const char StoredValue[] = "?";  // stored, value not known
static const char NonZeroValue[] = "!0"; // tested, not 0

std::string rcuctx::storeFlagPrefix(llvm::StringRef Field) { return StorePrefix + Field.str() + "="; }

bool rcuctx::isStoreFlag(llvm::StringRef Key) { return Key.starts_with(StorePrefix); }

bool rcuctx::isNonZeroStoreFlag(llvm::StringRef Key) {
  return isStoreFlag(Key) && Key.ends_with(std::string("=") + NonZeroValue);
}

bool rcuctx::isVagueStoreFlag(llvm::StringRef Key) {
  return isNonZeroStoreFlag(Key) || (isStoreFlag(Key) && Key.ends_with(std::string("=") + StoredValue));
}

/// Forgets every flag whose key starts with Prefix.
static void eraseFlags(ContextState &St, const std::string &Prefix) {
  for (auto It = St.Flags.begin(); It != St.Flags.end();)
    It = It->first.rfind(Prefix, 0) == 0 ? St.Flags.erase(It) : std::next(It);
}

/// What a store's value names, for a store flag: a constant, NULL, or the
/// address of a field (`&mrt->mfc_cache_list`); "" for anything else.
static std::string storedValueName(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (E->isNullPointerConstant(const_cast<ASTContext &>(Ctx), Expr::NPC_ValueDependentIsNotNull))
    return "0";
  Expr::EvalResult R;
  if (E->getType()->isIntegralOrEnumerationType() && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx))
    return llvm::toString(R.Val.getInt(), 10);
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    if (const auto *ME = dyn_cast<MemberExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
      if (ME->getMemberDecl()->getIdentifier())
        return "&" + ME->getMemberDecl()->getName().str();
  // A pointer parameter as it came in, the value the caller chose (n_tty's
  // `*cookie = cookie`).
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    if (const auto *P = dyn_cast<ParmVarDecl>(DR->getDecl()); P && P->getType()->isPointerType())
      return "$" + std::to_string(P->getFunctionScopeIndex());
  return "";
}

/// Whether E names a parameter of the function.
static bool isParam(const Expr *E) {
  const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return DR && isa<ParmVarDecl>(DR->getDecl());
}

/// What a store flag names a place by: a field of what a parameter points
/// to (`it->cache`: "cache"), or what it points to (`*cookie`:
/// "*cookie"): places the caller sees after the return. "" for anything
/// else (a local's fields would only weigh every state down).
static std::string storeTarget(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E); ME && ME->isArrow() && isParam(ME->getBase()))
    return ME->getMemberDecl()->getIdentifier() ? ME->getMemberDecl()->getName().str() : "";
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref && isParam(U->getSubExpr()))
    if (const auto *DR = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
      if (DR->getDecl()->getIdentifier())
        return "*" + DR->getDecl()->getName().str();
  return "";
}

/// Whether the state says anything of what a place holds.
static bool hasStoreFlag(const ContextState &St, const std::string &Prefix) {
  auto It = St.Flags.lower_bound(Prefix);
  return It != St.Flags.end() && It->first.rfind(Prefix, 0) == 0;
}

/// Forgets what a place was last given, and records V if known. A place
/// the path had tested or stored to before is marked stored (StoredValue)
/// where V is not known: blkg_conf_open_bdev()'s `ctx->bdev = bdev` after
/// its `if (ctx->bdev) return 0;`.
static void setStoreFlag(ContextState &St, const std::string &Target, const std::string &V) {
  std::string Prefix = rcuctx::storeFlagPrefix(Target);
  bool Known = hasStoreFlag(St, Prefix);
  eraseFlags(St, Prefix);
  if (!V.empty())
    St.Flags[Prefix + V] = true;
  else if (Known)
    St.Flags[Prefix + StoredValue] = true;
}

void rcuctx::flagEdge(const CFGBlock *From, unsigned SuccIdx, const ASTContext &Ctx,
                      const std::vector<unsigned> &Written, ContextState &St) {
  if (From->succ_size() != 2 || isa_and_nonnull<SwitchStmt>(From->getTerminatorStmt()))
    return;
  const Expr *Cond = decidedCondition(From);
  if (!Cond)
    return;
  if (auto T = flagTestOf(Cond, Ctx, Written))
    St.Flags[T->first] = (SuccIdx == 0) == T->second;
  // `if (*cookie)`, `if (!it->cache)`: on the edge where it is 0, that is
  // what the place holds (as a store of 0 would say); on the other, not 0
  // ("!0", unless a value the path stored there says more).
  bool Neg;
  const Expr *C = stripNot(Cond, Neg);
  std::string Target = C->getType()->isPointerType() || C->getType()->isIntegerType() ? storeTarget(C) : "";
  if (!Target.empty()) {
    std::string Prefix = storeFlagPrefix(Target);
    if ((SuccIdx == 0) == Neg) {
      setStoreFlag(St, Target, "0");
    } else {
      St.Flags.erase(Prefix + "0");
      if (!hasStoreFlag(St, Prefix))
        St.Flags[Prefix + NonZeroValue] = true;
    }
  }
}

void rcuctx::flagStores(const Stmt *S, const ASTContext &Ctx, ContextState &St) {
  const auto *BO = dyn_cast<BinaryOperator>(S);
  if (!BO || !BO->isAssignmentOp())
    return;
  // `it->cache = &mrt->mfc_cache_list`, `*cookie = NULL`: which value a
  // place was last given, one key per place ("store:cache=&mfc_cache_list").
  if (std::string Target = storeTarget(BO->getLHS()); !Target.empty())
    setStoreFlag(St, Target, BO->getOpcode() == BO_Assign ? storedValueName(BO->getRHS(), Ctx) : "");
  if (St.Flags.empty())
    return;
  if (const ParmVarDecl *P = pointerParam(BO->getLHS())) {
    St.Flags.erase(nullFlagKey(P->getFunctionScopeIndex()));
    return;
  }
  // The place stored to, also through WRITE_ONCE()'s `*(volatile T *)&(x)`
  // and smp_store_release()'s `*&(*p)` (rcu_assign_pointer()).
  const Expr *Place = BO->getLHS();
  for (int I = 0; I < 4; ++I) {
    const auto *D = dyn_cast<UnaryOperator>(Place->IgnoreParenCasts());
    const auto *A = D && D->getOpcode() == UO_Deref ? dyn_cast<UnaryOperator>(D->getSubExpr()->IgnoreParenCasts())
                                                     : nullptr;
    if (!A || A->getOpcode() != UO_AddrOf)
      break;
    Place = A->getSubExpr();
  }
  const auto *ME = dyn_cast<MemberExpr>(Place->IgnoreParenImpCasts());
  const auto *FD = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!FD || !FD->getIdentifier())
    return;
  if (FD->getType()->isIntegerType())
    eraseFlags(St, FD->getName().str() + "&");
  if (FD->getParent()->getIdentifier())
    St.Flags.erase(FD->getParent()->getName().str() + "::" + FD->getName().str());
}
