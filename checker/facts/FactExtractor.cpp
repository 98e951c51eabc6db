// FactExtractor's front: a rule's steps resolved at one site (resolve()),
// with the site facts they need that are neither lock names nor conditions:
// the function an argument refers to, a lock type's spinning, an
// argument's text, and GFP flags (gfp(), reclaimMask()).
//
// Owns resolve() and those helpers. Lock classes and objects are named in
// LockNaming.cpp, the atoms of a need's context or condition are built in
// ConditionAtoms.cpp: this file only calls them. Knows nothing of the
// dataflow.
#include "facts/FactExtractor.h"
#include "facts/LockModeBits.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclBase.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace rcuctx;

FactExtractor::FactExtractor(ASTContext &Ctx, const RuleSet &Rules, const MacroIndex &Macros)
    : Ctx(Ctx), Rules(Rules), Macros(Macros) {}

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

const std::string &FactExtractor::typeNameOf(QualType T) const {
  QualType U = T.getUnqualifiedType();
  auto It = TypeNames.find(U.getAsOpaquePtr());
  if (It == TypeNames.end())
    It = TypeNames.emplace(U.getAsOpaquePtr(), typeName(U, Ctx)).first;
  return It->second;
}

std::optional<bool> FactExtractor::typeSpins(QualType T) const {
  if (T.isNull() || Rules.LockTypeSpins.empty())
    return std::nullopt;
  auto It = Rules.LockTypeSpins.find(typeNameOf(T));
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

/// A list link member's name for ResolvedStep::ListKey: its record's and
/// its own ("struct pci_mmcfg_region::list"); "" for an unnamed record.
static std::string linkKeyOf(const FieldDecl *FD) {
  const RecordDecl *RD = FD ? FD->getParent() : nullptr;
  if (!RD || RD->getName().empty() || FD->getName().empty())
    return "";
  return std::string(RD->isUnion() ? "union " : "struct ") + RD->getName().str() + "::" + FD->getName().str();
}

std::string FactExtractor::listLink(const Expr *Link) const {
  if (!Link)
    return "";
  const Expr *E = Link->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenCasts();
  const auto *ME = dyn_cast<MemberExpr>(E);
  return ME ? linkKeyOf(dyn_cast<FieldDecl>(ME->getMemberDecl())) : "";
}

std::string FactExtractor::updatedList(const Expr *Link, const FunctionDecl *Fn) const {
  std::string K = listLink(Link);
  if (!K.empty())
    return K;
  int P = Link ? paramIndex(Link->IgnoreParenCasts(), Fn) : -1;
  return P >= 0 ? "$" + std::to_string(P) : "?";
}

std::string FactExtractor::listLink(const Expr *Cursor, llvm::StringRef Member) const {
  if (!Cursor || Member.empty())
    return "";
  QualType T = Cursor->IgnoreParenCasts()->getType();
  const RecordDecl *RD = T->isPointerType() ? T->getPointeeType()->getAsRecordDecl() : nullptr;
  if (!RD || !(RD = RD->getDefinition()))
    return "";
  for (const FieldDecl *FD : RD->fields())
    if (FD->getName() == Member)
      return linkKeyOf(FD);
  return "";
}

std::vector<ResolvedStep> FactExtractor::resolve(const FunctionRule &Rule, const ArgFn &ArgAt,
                                                 const FunctionDecl *Fn) const {
  std::vector<ResolvedStep> Out;
  for (const RuleStep &S : Rule.Steps) {
    // A contract's steps hold only per returned value or mode argument:
    // callers compose them as a summary (summaries/ContractSummary.h).
    if (S.contract())
      continue;
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
        R.Key = counterKeyOf(S.Context);
      }
      break;
    }
    case StepOp::Acquire:
    case StepOp::Release:
    case StepOp::TryAcquire:
    case StepOp::Downgrade: {
      if (S.Op == StepOp::Release && S.Arg < 0) { // by class (`lock_class:`)
        R.Key = S.LockClass;
        R.ByClass = true;
        R.Modes = modeBits(S.Mode);
        R.Spins = S.Spins;
        break;
      }
      const Expr *L = ArgAt(S.Arg);
      R.Key = lockClass(L, Fn);
      R.LockText = lockInstance(L);
      R.Modes = modeBits(S.Mode);
      R.SuccessZero = S.SuccessZero;
      if (auto Spins = lockTypeSpins(L))
        R.Spins = *Spins;
      // Without CONFIG_DEBUG_LOCK_ALLOC, mutex_lock_nested(l, n) is
      // mutex_lock(l): the subclass is in no expression. It is read as
      // written (MacroInvocation::ArgValues), so the lock order is the same
      // whether lockdep is configured or not; one not readable so is a
      // run-time subclass (-1), as subclassOf() reads it with lockdep.
      if (S.SubclassArg >= 0) {
        unsigned I = S.SubclassArg;
        if (const Expr *Sub = ArgAt(I))
          R.Subclass = subclassOf(Sub);
        else if (ArgAt.Written && I < ArgAt.Count) {
          std::optional<int64_t> W = ArgAt.Written(I);
          R.Subclass = W && *W >= 0 && *W < 8 ? int(*W) : -1;
        }
      }
      // Releases too: which object a wrapper drops the lock of
      // (Summary::LockObjects) tells its callers' instances apart.
      if (!R.Key.empty())
        R.Object = lockObject(L, Fn);
      break;
    }
    case StepOp::Need: {
      if (!S.Context.empty())
        contextAtoms(S.Context, S.Arg >= 0 ? ArgAt(S.Arg) : nullptr, Fn, R.AnyOf);
      else if (S.Arg >= 0) {
        const Expr *L = ArgAt(S.Arg);
        R.Key = lockClass(L, Fn);
        R.LockText = lockInstance(L);
        R.LockSpins = lockTypeSpins(L);
        if (!R.Key.empty())
          R.AnyOf.push_back({Atom::Lock, R.Key, modeBits(S.Mode)});
      }
      if (S.CondArg >= 0 && (unsigned)S.CondArg < ArgAt.Count) {
        // A lost argument is an escape.
        size_t Before = R.AnyOf.size();
        if (S.CondNegated)
          negatedConditionAtoms(ArgAt(S.CondArg), Fn, R);
        else
          conditionAtoms(ArgAt(S.CondArg), Fn, R);
        // An accessor's pointer is its first argument; each lock the
        // condition accepts alone excludes the field's updaters. Only a
        // global lock, as in the rules' update_side_locks: a class of
        // locks in objects ("struct net_device::lock") does not say the
        // one held is the one of the object read from.
        if (!S.Assertion && !S.CondNegated && S.ListEntryArg < 0)
          if (std::string Field = fieldOf(ArgAt(0)); !Field.empty())
            for (size_t I = Before; I < R.AnyOf.size(); ++I) {
              const std::string &L = R.AnyOf[I].Key;
              if (R.AnyOf[I].K == Atom::Lock && !ctx::isParamRef(L) &&
                  L.find_first_of(":[.") == std::string::npos)
                ProtectedReads[Field].insert(L);
            }
      }
      // An RCU list walked where its updaters' lock is held (pci_mmconfig_
      // delete() under pci_mmcfg_lock): no reader, nothing to protect it
      // from (TuAnalysis: the locks every update in this file holds).
      if (S.ListEntryArg >= 0 && ArgAt.Ident) {
        R.ListKey = listLink(ArgAt(S.ListEntryArg), ArgAt.Ident(S.ListMemberArg));
        if (ListUpdaters && !R.ListKey.empty())
          if (auto It = ListUpdaters->find(R.ListKey); It != ListUpdaters->end())
            for (const std::string &L : It->second)
              R.AnyOf.push_back({Atom::Lock, L, uint8_t(LB_Read | LB_Write)});
      }
      bool OnlyExempt = !R.AnyOf.empty();
      for (const Atom &A : R.AnyOf)
        OnlyExempt &= A.K == Atom::Exempt;
      if ((R.AnyOf.empty() || OnlyExempt) && !R.AlwaysTrue && !R.Escape)
        R.Escape = true; // nothing a context provides: never definite
      break;
    }
    case StepOp::Forget:
    case StepOp::Excludes:
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
    case StepOp::ListUpdate:
      // A link a caller passes in (hash_del_rcu(node)) is named at each
      // call ("$N"); one nothing names is some list's, "?": no list has an
      // updaters' lock then (TuAnalysis), as any could be this one.
      R.ListKey = updatedList(ArgAt(S.Arg), Fn);
      break;
    case StepOp::Returns:
      break; // read where the value is stored (ValueSplitTransfer::storedClass)
    case StepOp::Derive:
      break; // read by the stale-pointer tracking (RuleSet::derivesFrom)
    case StepOp::Implies:
    case StepOp::AtomicTest:
      break; // read from the conditions it is tested in (BodyIndex::impliedAt, sleepableAt)
    case StepOp::Boot:
      break; // read by TuAnalysis (bootOnly())
    case StepOp::Yield:
      R.Key = counterKeyOf(S.Context);
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
      R.EntryHolds = S.Holds;
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
      R.OutsideInterrupt = S.OutsideInterrupt;
      R.FaultOnly = S.FaultOnly;
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

std::string FactExtractor::fieldOf(const Expr *Read) const {
  const auto *ME = Read ? dyn_cast<MemberExpr>(Read->IgnoreParenImpCasts()) : nullptr;
  if (!ME)
    return "";
  QualType Base = ME->getBase()->getType();
  if (ME->isArrow())
    Base = Base->getPointeeType();
  return typeNameOf(Base) + "::" + ME->getMemberDecl()->getNameAsString();
}

std::vector<std::string> FactExtractor::updateSideLocks(const Expr *Read) const {
  std::vector<std::string> Out;
  if (Rules.UpdateSideLocks.empty() && !ProtectedFields)
    return Out;
  std::string Field = fieldOf(Read);
  if (Field.empty())
    return Out;
  if (auto It = Rules.UpdateSideLocks.find(Field); It != Rules.UpdateSideLocks.end())
    Out.push_back(It->second);
  if (ProtectedFields)
    if (auto It = ProtectedFields->find(Field); It != ProtectedFields->end())
      for (const std::string &L : It->second)
        if (std::find(Out.begin(), Out.end(), L) == Out.end())
          Out.push_back(L);
  return Out;
}
