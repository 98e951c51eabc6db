#include "facts/FactExtractor.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclBase.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace rcuctx;

FactExtractor::FactExtractor(ASTContext &Ctx, const RuleSet &Rules, const MacroIndex &Macros)
    : Ctx(Ctx), Rules(Rules), Macros(Macros) {}

/// "$N" for Fn's parameter N, or "" when PV is none of Fn's parameters.
static std::string paramKey(const ParmVarDecl *PV, const FunctionDecl *Fn) {
  if (PV && Fn)
    for (unsigned I = 0; I < Fn->getNumParams(); ++I)
      if (Fn->getParamDecl(I) == PV)
        return "$" + std::to_string(I);
  return "";
}

static const Expr *stripLockExpr(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref) {
        E = U->getSubExpr();
        continue;
      }
    }
    if (const auto *C = dyn_cast<CStyleCastExpr>(E)) {
      E = C->getSubExpr();
      continue;
    }
    break;
  }
  return E;
}

const Expr *FactExtractor::localFieldInit(const MemberExpr *ME) {
  const auto *Base = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
  const auto *V = Base ? dyn_cast<VarDecl>(Base->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V) || !V->getInit())
    return nullptr;
  const VarDecl *W = V;
  if (ME->isArrow()) {
    const auto *Addr = dyn_cast<UnaryOperator>(V->getInit()->IgnoreParenImpCasts());
    const auto *Target = Addr && Addr->getOpcode() == UO_AddrOf
                             ? dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParenImpCasts())
                             : nullptr;
    W = Target ? dyn_cast<VarDecl>(Target->getDecl()) : nullptr;
    if (!W || !W->hasLocalStorage() || isa<ParmVarDecl>(W) || !W->getInit())
      return nullptr;
  }
  const auto *ILE = dyn_cast<InitListExpr>(W->getInit()->IgnoreParenImpCasts());
  if (!ILE)
    return nullptr;
  if (ILE->isSyntacticForm() && ILE->getSemanticForm())
    ILE = ILE->getSemanticForm();
  const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
  const RecordDecl *RD = ILE->getType()->getAsRecordDecl();
  if (!Field || !RD || Field->getParent() != RD)
    return nullptr;
  unsigned I = 0;
  for (const FieldDecl *F : RD->fields()) {
    if (F == Field)
      return I < ILE->getNumInits() ? ILE->getInit(I) : nullptr;
    ++I;
  }
  return nullptr;
}

std::string FactExtractor::lockClass(const Expr *E, const FunctionDecl *Fn) const {
  E = stripLockExpr(E);
  if (!E)
    return "";
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    // A field of a local struct built right here from the lock
    // (cleanup.h's guard constructors: `class_srcu_t _t = { .lock = l },
    // *_T = &_t; srcu_read_lock(_T->lock)`) is the lock it was built from.
    if (const Expr *Init = localFieldInit(ME))
      return lockClass(Init, Fn);
    // A field that *points to* a lock (seqcount_spinlock_t::lock) is an
    // alias of some other lock, whose class it does not say: unknown.
    if (ME->getType()->isPointerType())
      return "";
    // A field of an anonymous struct or union (mm->mmap_lock lives in one)
    // is named after the nearest named record around it.
    const MemberExpr *Outer = ME;
    auto IsAnon = [](QualType T) {
      const RecordDecl *RD = T->getAsRecordDecl();
      return RD && RD->isAnonymousStructOrUnion();
    };
    auto BaseType = [](const MemberExpr *M) {
      QualType T = M->getBase()->getType();
      return M->isArrow() ? T->getPointeeType() : T;
    };
    // A field of a named member whose struct type has no name
    // (`struct { spinlock_t lock; ... } irqfds;` in struct kvm) is named by
    // that path, as lockdep names it ("&kvm->irqfds.lock"): the type's own
    // name would be "(unnamed struct at FILE:LINE)", a path on this machine.
    auto IsUnnamed = [](QualType T) {
      const RecordDecl *RD = T->getAsRecordDecl();
      return RD && !RD->getIdentifier() && !RD->getTypedefNameForAnonDecl();
    };
    std::string Path = ME->getMemberDecl()->getNameAsString();
    while (IsAnon(BaseType(Outer)) || IsUnnamed(BaseType(Outer))) {
      const Expr *B = Outer->getBase()->IgnoreParenImpCasts();
      std::string Index;
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(B)) {
        // an element of an array of them (`k->slots[i].lock`)
        B = AS->getBase()->IgnoreParenImpCasts();
        Index = "[]";
      }
      if (const auto *DR = dyn_cast<DeclRefExpr>(B)) {
        // a variable of such a type: named by the variable
        if (IsAnon(BaseType(Outer)) || !isa<VarDecl>(DR->getDecl()))
          break;
        return DR->getDecl()->getNameAsString() + Index + "." + Path;
      }
      const auto *Up = dyn_cast<MemberExpr>(B);
      if (!Up)
        break;
      if (!IsAnon(BaseType(Outer)))
        Path = Up->getMemberDecl()->getNameAsString() + Index + "." + Path;
      Outer = Up;
    }
    QualType T = BaseType(Outer);
    T = T.getUnqualifiedType();
    if (T.isNull())
      return "";
    return typeName(T, Ctx) + "::" + Path;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    std::string Base = lockClass(AS->getBase(), Fn);
    return Base.empty() ? "" : Base + "[]";
  }
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *PV = dyn_cast<ParmVarDecl>(DR->getDecl()))
      return PV->getType()->isPointerType() ? paramKey(PV, Fn) : "";
    if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
      if (VD->hasGlobalStorage())
        return VD->getNameAsString();
  }
  return "";
}

const FunctionDecl *FactExtractor::functionRef(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenCasts();
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(DR->getDecl());
  return nullptr;
}

const std::vector<const MacroInvocation *> &FactExtractor::annotationMacros() const {
  if (!CachedAnnotations) {
    CachedAnnotations.emplace();
    for (const MacroInvocation &Inv : Macros.all())
      if (RuleSet::isContextAnnotationMacro(Inv.Name))
        CachedAnnotations->push_back(&Inv);
  }
  return *CachedAnnotations;
}

std::string rcuctx::typeName(QualType T, const ASTContext &Ctx) {
  PrintingPolicy PP(Ctx.getLangOpts());
  PP.SuppressTagKeyword = false;
  return T.getUnqualifiedType().getAsString(PP);
}

std::optional<bool> FactExtractor::typeSpins(QualType T) const {
  if (T.isNull() || Rules.LockTypeSpins.empty())
    return std::nullopt;
  auto It = Rules.LockTypeSpins.find(typeName(T, Ctx));
  if (It == Rules.LockTypeSpins.end())
    return std::nullopt;
  return It->second;
}

std::optional<bool> FactExtractor::lockTypeSpins(const Expr *E) const {
  if (!E)
    return std::nullopt;
  QualType T = E->IgnoreParenImpCasts()->getType();
  return typeSpins(T->isPointerType() ? T->getPointeeType() : T);
}

std::string FactExtractor::textOf(const Expr *E) const {
  if (!E)
    return "";
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation B = SM.getFileLoc(E->getBeginLoc());
  SourceLocation En = SM.getFileLoc(E->getEndLoc());
  if (B.isInvalid() || En.isInvalid() || SM.getFileID(B) != SM.getFileID(En) ||
      SM.isBeforeInTranslationUnit(En, B))
    return "";
  StringRef T = Lexer::getSourceText(CharSourceRange::getTokenRange(B, En), SM,
                                     Ctx.getLangOpts());
  std::string S = T.str();
  if (S.size() > 60)
    S = S.substr(0, 57) + "...";
  return S;
}

uint64_t FactExtractor::reclaimMask() const {
  if (CachedMask)
    return *CachedMask;
  uint64_t Mask = Rules.GfpReclaimMask ? Rules.GfpReclaimMask : 0x400;
  // 6.10+ number the GFP bits in an enum whose values depend on the config:
  // read the bit from the translation unit when it declares it.
  if (!Rules.GfpReclaimBitEnum.empty()) {
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      const auto *ED = dyn_cast<EnumDecl>(D);
      if (!ED)
        continue;
      for (const EnumConstantDecl *EC : ED->enumerators())
        if (EC->getName() == Rules.GfpReclaimBitEnum) {
          Mask = 1ull << EC->getInitVal().getZExtValue();
          CachedMask = Mask;
          return Mask;
        }
    }
  }
  CachedMask = Mask;
  return Mask;
}

static int paramIndex(const Expr *E, const FunctionDecl *Fn) {
  if (!Fn)
    return -1;
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    for (unsigned I = 0; I < Fn->getNumParams(); ++I)
      if (Fn->getParamDecl(I) == DR->getDecl())
        return I;
  return -1;
}

ResolvedStep::GfpKind FactExtractor::gfp(const Expr *E, const FunctionDecl *Fn,
                                         int &ParamOut) const {
  ParamOut = -1;
  if (!E)
    return ResolvedStep::GfpNever;
  E = E->IgnoreParenCasts();
  Expr::EvalResult R;
  if (!E->isValueDependent() && E->EvaluateAsInt(R, Ctx))
    return (R.Val.getInt().getZExtValue() & reclaimMask()) ? ResolvedStep::GfpAlways
                                                           : ResolvedStep::GfpNever;
  // `flags | __GFP_ZERO`, `flags & ~__GFP_DIRECT_RECLAIM`: follow the part
  // that is not a constant.
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    Expr::EvalResult L, Rr;
    bool LC = BO->getLHS()->EvaluateAsInt(L, Ctx);
    bool RC = BO->getRHS()->EvaluateAsInt(Rr, Ctx);
    const Expr *Var = LC ? BO->getRHS() : RC ? BO->getLHS() : nullptr;
    uint64_t K = LC ? L.Val.getInt().getZExtValue() : RC ? Rr.Val.getInt().getZExtValue() : 0;
    if (Var && BO->getOpcode() == BO_Or) {
      if (K & reclaimMask())
        return ResolvedStep::GfpAlways;
      return gfp(Var, Fn, ParamOut);
    }
    if (Var && BO->getOpcode() == BO_And) {
      if (!(K & reclaimMask()))
        return ResolvedStep::GfpNever;
      return gfp(Var, Fn, ParamOut);
    }
    return ResolvedStep::GfpNever;
  }
  int P = paramIndex(E, Fn);
  if (P >= 0) {
    ParamOut = P;
    return ResolvedStep::GfpOnParam;
  }
  // Unknown flags: cannot be a definite sleep.
  return ResolvedStep::GfpNever;
}

void FactExtractor::contextAtoms(const std::string &Context, const Expr *DomainArg,
                                 const FunctionDecl *Fn, std::vector<Atom> &Out) const {
  auto Counter = [&](const std::string &K) { Out.push_back({Atom::Counter, K, 0}); };
  if (Context == "rcu")
    Counter(ctx::Rcu);
  else if (Context == "rcu_bh")
    Counter(ctx::RcuBh);
  else if (Context == "preempt") {
    // Preemption is off under IRQs-off too, and with bottom halves off
    // (local_bh_disable() adds to preempt_count): each satisfies RCU-sched,
    // as rcu_read_lock_sched_held()'s !preemptible() says.
    Counter(ctx::Preempt);
    Counter(ctx::RcuBh);
    Counter(ctx::Irq);
  } else if (Context == "irq")
    Counter(ctx::Irq);
  else if (Context == "rcu_any") {
    Counter(ctx::Rcu);
    Counter(ctx::RcuBh);
    Counter(ctx::Preempt);
    Counter(ctx::Irq);
  } else if (Context == "srcu") {
    std::string Domain = lockClass(DomainArg, Fn);
    if (!Domain.empty())
      Counter(ctx::srcu(Domain));
  }
}

static uint8_t modeBits(LockMode M) {
  switch (M) {
  case LockMode::NotHeld:
    return LB_Unheld;
  case LockMode::Exclusive:
    return LB_Write;
  case LockMode::Shared:
    return LB_Read;
  case LockMode::Any:
    return LockSet::Held;
  }
  return LockSet::Held;
}

std::optional<bool> FactExtractor::predicateAtoms(const Expr *C, const FunctionDecl *Fn,
                                                  ResolvedStep &Out) const {
  // A predicate written as a macro (lockdep_is_held expands differently with
  // and without CONFIG_LOCKDEP) or as a call (rcu_read_lock_held()).
  const PredicateRule *P = nullptr;
  SiteArgs Arg;
  const MacroInvocation *Inv = Macros.owner(C->getBeginLoc());
  // The whole term must be the predicate: `lockdep_is_held(l) != 1` begins
  // inside lockdep_is_held() but is another condition.
  if (Inv && Macros.owner(C->getEndLoc()) == Inv) {
    if ((P = Rules.predicate(Inv->Name)))
      Arg = {(unsigned)Inv->Args.size(),
             [this, Inv, C](unsigned I) { return Macros.argument(*Inv, I, C); }};
  }
  if (!P) {
    if (const auto *CE = dyn_cast<CallExpr>(C))
      if (const FunctionDecl *FD = CE->getDirectCallee())
        if ((P = Rules.predicate(FD->getNameAsString())))
          Arg = {CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
  }
  if (!P)
    return std::nullopt;
  if (!P->Context.empty()) {
    size_t Before = Out.AnyOf.size();
    contextAtoms(P->Context, P->Arg >= 0 ? Arg(P->Arg) : nullptr, Fn, Out.AnyOf);
    if (Out.AnyOf.size() == Before)
      Out.Escape = true;
    return true;
  }
  std::string Class = lockClass(Arg(P->Arg), Fn);
  if (Class.empty()) {
    Out.Escape = true;
    return true;
  }
  uint8_t Modes = modeBits(P->Mode);
  if (P->ModeArg >= 0) {
    Expr::EvalResult R;
    const Expr *M = Arg(P->ModeArg);
    if (M && M->EvaluateAsInt(R, Ctx)) {
      int64_t V = R.Val.getInt().getSExtValue();
      Modes = V == 0 ? LB_Write : V == 1 ? LB_Read : LockSet::Held;
    }
  }
  Out.AnyOf.push_back({Atom::Lock, Class, Modes});
  Out.HasLockCondition = true;
  return true;
}

void FactExtractor::conditionAtoms(const Expr *C, const FunctionDecl *Fn,
                                   ResolvedStep &Out) const {
  if (!C) {
    Out.Escape = true;
    return;
  }
  C = C->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(C)) {
    if (BO->getOpcode() == BO_LOr) {
      conditionAtoms(BO->getLHS(), Fn, Out);
      conditionAtoms(BO->getRHS(), Fn, Out);
      return;
    }
  }
  if (predicateAtoms(C, Fn, Out))
    return;
  // A term the rules declare false except in named functions
  // (`!refcount_read(&kvm->users_count)`), negated or not.
  {
    const Expr *T = C;
    if (const auto *U = dyn_cast<UnaryOperator>(T))
      if (U->getOpcode() == UO_LNot)
        T = U->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *CE = dyn_cast<CallExpr>(T))
      if (const FunctionDecl *FD = CE->getDirectCallee()) {
        auto It = Rules.FalseExcept.find(FD->getNameAsString());
        if (It != Rules.FalseExcept.end() &&
            (It->second.ArgClass.empty() ||
             (CE->getNumArgs() > 0 && lockClass(CE->getArg(0), Fn) == It->second.ArgClass))) {
          std::string Key;
          for (const std::string &F : It->second.Functions)
            Key += (Key.empty() ? "" : ",") + F;
          Out.AnyOf.push_back({Atom::Exempt, Key, 0});
          return;
        }
      }
  }
  Expr::EvalResult R;
  if (!C->isValueDependent() && !C->HasSideEffects(Ctx) && C->EvaluateAsInt(R, Ctx)) {
    if (R.Val.getInt().getBoolValue())
      Out.AlwaysTrue = true;
    return;
  }
  // A term we cannot judge (refcount_read(&x) == 0, a flag): it may be the
  // reason the access is safe, so the access is never a definite finding.
  Out.Escape = true;
}

void FactExtractor::negatedConditionAtoms(const Expr *C, const FunctionDecl *Fn,
                                          ResolvedStep &Out) const {
  if (!C) {
    Out.Escape = true;
    return;
  }
  C = C->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(C))
    if (U->getOpcode() == UO_LNot)
      return conditionAtoms(U->getSubExpr(), Fn, Out);
  if (const auto *BO = dyn_cast<BinaryOperator>(C))
    if (BO->getOpcode() == BO_LAnd) {
      negatedConditionAtoms(BO->getLHS(), Fn, Out);
      negatedConditionAtoms(BO->getRHS(), Fn, Out);
      return;
    }
  // `debug_locks && !held` and the like: a term we cannot judge.
  Out.Escape = true;
}

std::string FactExtractor::pointedObject(const Expr *E, const FunctionDecl *Fn) const {
  while (E) {
    E = E->IgnoreParenImpCasts();
    const auto *C = dyn_cast<CStyleCastExpr>(E);
    if (!C)
      break;
    E = C->getSubExpr();
  }
  if (!E)
    return "";
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *PV = dyn_cast<ParmVarDecl>(DR->getDecl());
    return PV && PV->getType()->isPointerType() ? paramKey(PV, Fn) : "";
  }
  const auto *U = dyn_cast<UnaryOperator>(E);
  if (!U || U->getOpcode() != UO_AddrOf)
    return "";
  const Expr *X = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DR = dyn_cast<DeclRefExpr>(X)) {
    const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
    if (VD && VD->hasGlobalStorage() && !VD->getType()->isPointerType() && VD->getIdentifier())
      return VD->getNameAsString();
    return "";
  }
  return isa<MemberExpr>(X) ? lockObject(X, Fn) : "";
}

std::string FactExtractor::lockObject(const Expr *E, const FunctionDecl *Fn) const {
  E = stripLockExpr(E);
  const auto *ME = dyn_cast_or_null<MemberExpr>(E);
  if (!ME || ME->getType()->isPointerType() || localFieldInit(ME))
    return "";
  // Up through `.` members (anonymous ones unnamed) to the object.
  std::string Path;
  const MemberExpr *Last = ME;
  for (const MemberExpr *M = ME;;) {
    std::string N = M->getMemberDecl()->getNameAsString();
    if (!N.empty())
      Path = Path.empty() ? N : N + "." + Path;
    Last = M;
    if (M->isArrow())
      break;
    const auto *Up = dyn_cast<MemberExpr>(M->getBase()->IgnoreParenImpCasts());
    if (!Up)
      break;
    M = Up;
  }
  const auto *DR = dyn_cast<DeclRefExpr>(Last->getBase()->IgnoreParenImpCasts());
  if (!DR || Path.empty())
    return "";
  if (Last->isArrow()) {
    std::string P = paramKey(dyn_cast<ParmVarDecl>(DR->getDecl()), Fn);
    return P.empty() ? "" : P + "." + Path;
  }
  // A global object (init_mm): lockdep keys a statically initialised lock
  // by its address, and one a module initialises itself by that init site,
  // its own as a rule; named as lockdep prints it ("&init_mm.mmap_lock").
  // (One initialised by the init function every object of its type goes
  // through shares their class: named apart here, its cycles with them are
  // missed.) Through a parameter, the same name (resolveObject()).
  const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
  if (VD && VD->hasGlobalStorage() && !VD->getType()->isPointerType() && VD->getIdentifier())
    return VD->getNameAsString() + "." + Path;
  return "";
}

int FactExtractor::subclassOf(const Expr *E) const {
  // lockdep keeps MAX_LOCKDEP_SUBCLASSES (8) per class; a value read at
  // run time (sev_lock_vcpus_for_migration()'s `role`) names no class.
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
    return -1;
  const llvm::APSInt &V = R.Val.getInt();
  if (V.isSigned() && V.isNegative())
    return -1;
  uint64_t N = V.getLimitedValue(8);
  return N < 8 ? (int)N : -1;
}

std::vector<ResolvedStep> FactExtractor::resolve(const FunctionRule &Rule, const ArgFn &ArgAt,
                                                 const FunctionDecl *Fn) const {
  std::vector<ResolvedStep> Out;
  for (const RuleStep &S : Rule.Steps) {
    ResolvedStep R;
    R.Op = S.Op;
    R.Spins = S.Spins;
    R.Assertion = S.Assertion;
    switch (S.Op) {
    case StepOp::Enter:
    case StepOp::Exit:
    case StepOp::WaitGracePeriod: {
      std::vector<Atom> A;
      if (S.Context == "srcu") {
        contextAtoms("srcu", ArgAt(S.Arg), Fn, A);
        if (A.empty())
          continue; // unnamed domain: nothing to track
        R.Key = A.front().Key;
      } else {
        R.Key = S.Context == "rcu"       ? ctx::Rcu
                : S.Context == "rcu_bh"  ? ctx::RcuBh
                : S.Context == "preempt" ? ctx::Preempt
                                         : ctx::Irq;
      }
      break;
    }
    case StepOp::Acquire:
    case StepOp::Release:
    case StepOp::TryAcquire: {
      const Expr *L = ArgAt(S.Arg);
      R.Key = lockClass(L, Fn);
      R.LockText = textOf(L);
      R.Modes = modeBits(S.Mode);
      R.SuccessZero = S.SuccessZero;
      if (auto Spins = lockTypeSpins(L))
        R.Spins = *Spins;
      // Without CONFIG_DEBUG_LOCK_ALLOC, mutex_lock_nested(l, n) is
      // mutex_lock(l): the subclass is not compiled, and the lock is its
      // plain class, as the kernel built that way has it.
      if (S.SubclassArg >= 0)
        if (const Expr *Sub = ArgAt(S.SubclassArg))
          R.Subclass = subclassOf(Sub);
      if (S.Op != StepOp::Release && !R.Key.empty())
        R.Object = lockObject(L, Fn);
      break;
    }
    case StepOp::Need: {
      if (!S.Context.empty())
        contextAtoms(S.Context, S.Arg >= 0 ? ArgAt(S.Arg) : nullptr, Fn, R.AnyOf);
      else if (S.Arg >= 0) {
        const Expr *L = ArgAt(S.Arg);
        R.Key = lockClass(L, Fn);
        R.LockText = textOf(L);
        R.LockSpins = lockTypeSpins(L);
        if (!R.Key.empty())
          R.AnyOf.push_back({Atom::Lock, R.Key, modeBits(S.Mode)});
      }
      if (S.CondArg >= 0 && (unsigned)S.CondArg < ArgAt.Count) {
        // A lost argument is an escape.
        if (S.CondNegated)
          negatedConditionAtoms(ArgAt(S.CondArg), Fn, R);
        else
          conditionAtoms(ArgAt(S.CondArg), Fn, R);
      }
      bool OnlyExempt = !R.AnyOf.empty();
      for (const Atom &A : R.AnyOf)
        OnlyExempt &= A.K == Atom::Exempt;
      if ((R.AnyOf.empty() || OnlyExempt) && !R.AlwaysTrue && !R.Escape)
        R.Escape = true; // nothing a context provides: never definite
      break;
    }
    case StepOp::Forget:
      R.Key = S.LockClass;
      break;
    case StepOp::InitLock:
    case StepOp::SetClass:
      R.Key = lockClass(ArgAt(S.Arg), Fn);
      break;
    case StepOp::TakeRef: {
      std::vector<const Stmt *> Work{ArgAt(S.Arg)};
      while (!Work.empty()) {
        const Stmt *X = Work.back();
        Work.pop_back();
        if (!X)
          continue;
        if (const auto *DR = dyn_cast<DeclRefExpr>(X))
          R.RefVars.push_back(DR->getDecl());
        for (const Stmt *C : X->children())
          Work.push_back(C);
      }
      break;
    }
    case StepOp::Derive:
      break; // read by the stale-pointer tracking (RuleSet::derivesFrom)
    case StepOp::Yield:
      R.Key = S.Context == "rcu" ? ctx::Rcu : S.Context == "rcu_bh" ? ctx::RcuBh
              : S.Context == "preempt" ? ctx::Preempt : ctx::Irq;
      R.OnTrue = S.OnTrue;
      break;
    case StepOp::AssumeFalse: {
      // `shared`, `!shared`, `a || shared`: parameters that, with one value,
      // make the condition true whatever else holds.
      std::vector<const Expr *> Work{ArgAt(S.CondArg)};
      while (!Work.empty()) {
        const Expr *C = Work.back();
        Work.pop_back();
        if (!C)
          continue;
        C = C->IgnoreParenImpCasts();
        bool Neg = false;
        while (const auto *U = dyn_cast<UnaryOperator>(C)) {
          if (U->getOpcode() != UO_LNot)
            break;
          Neg = !Neg;
          C = U->getSubExpr()->IgnoreParenImpCasts();
        }
        if (const auto *BO = dyn_cast<BinaryOperator>(C)) {
          if (!Neg && BO->getOpcode() == BO_LOr) {
            Work.push_back(BO->getLHS());
            Work.push_back(BO->getRHS());
          }
          continue;
        }
        int P = paramIndex(C, Fn);
        if (P >= 0)
          R.FailsWhen.push_back({P, !Neg});
      }
      if (R.FailsWhen.empty())
        continue;
      break;
    }
    case StepOp::Entry:
      R.EntryFn = functionRef(ArgAt(S.Arg));
      R.EntryContext = S.Context;
      R.What = S.What;
      if (!R.EntryFn)
        continue; // not a plain function: its context stays unknown
      break;
    case StepOp::TaskState:
      R.Key = ctx::TaskState;
      R.OnTrue = S.OnTrue;
      if (S.OnTrue && S.Arg >= 0) {
        // A test of another task's state says nothing of ours.
        std::string Task = textOf(ArgAt(S.Arg));
        if (Task != "current" && Task != "get_current()")
          continue;
      }
      if (!S.State.empty()) {
        R.Modes = S.State == "running" ? LB_Unheld : LB_Write;
      } else {
        // TASK_RUNNING is 0; any other constant is a state the task blocks
        // in. A state passed in (wait helpers' `state` parameter) may be
        // either.
        const Expr *E = ArgAt(S.Arg);
        Expr::EvalResult V;
        if (E && !E->isValueDependent() && E->EvaluateAsInt(V, Ctx))
          R.Modes = V.Val.getInt().isZero() ? LB_Unheld : LB_Write;
        else
          R.Modes = LB_Unheld | LB_Write;
        R.LockText = textOf(E);
      }
      break;
    case StepOp::Schedule:
      R.Key = ctx::TaskState;
      break;
    case StepOp::Sleep:
      R.Resched = S.Resched;
      if (S.GfpArg >= 0) {
        const Expr *G = ArgAt(S.GfpArg);
        R.Gfp = gfp(G, Fn, R.GfpParam);
        R.GfpText = textOf(G);
        if (R.Gfp == ResolvedStep::GfpNever)
          continue;
      }
      break;
    }
    Out.push_back(std::move(R));
  }
  return Out;
}
