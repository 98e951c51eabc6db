#include "dataflow/BodyIndex.h"

#include "facts/Places.h"

#include "clang/AST/Attr.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace rcuctx;

BodyIndex::BodyIndex(const FunctionDecl *FD, const FactExtractor &FX,
                     const std::vector<const CFGBlock *> &Rpo, const BodyWrites *Writes,
                     const ParamAliases *Aliases)
    : FD(FD), FX(FX), SM(FX.astContext().getSourceManager()), Writes(Writes), Aliases(Aliases), Guards(SM),
      Waivers(SM),
      Sleepable(SM) {
  // Most bodies use no rule macro: then no statement has an owner, and the
  // walks below need not ask for each (an expansion-stack walk apiece).
  AnyMacro = !FD->getBody() || FX.macros().anyWithin(FD->getBody()->getSourceRange());
  // Which elements belong to a rule macro's expansion, and the first one (in
  // reverse post-order) where its steps take effect.
  for (unsigned Pos = 0; Pos < Rpo.size(); ++Pos) {
    const CFGBlock *B = Rpo[Pos];
    unsigned Idx = 0;
    for (const CFGElement &E : *B) {
      if (auto CS = E.getAs<CFGStmt>()) {
        const Stmt *S = CS->getStmt();
        const MacroInvocation *Inv = invocationAt(S->getBeginLoc());
        if (Inv && FX.rules().lookup(Inv->Name, /*IsMacro=*/true)) {
          Owner[S] = Inv;
          if (!FirstElem.count(Inv))
            FirstElem[Inv] = {B->getBlockID(), Idx};
        }
      }
      ++Idx;
    }
  }

  // One walk over the body's AST: the outermost statements of each rule
  // macro's expansion (where its arguments are searched: CFG elements skip
  // parentheses and split conditions, so they may not contain them), and
  // guard variables: `class_x_t v __cleanup(class_x_destructor) = class_x_constructor(...)`.
  std::vector<std::pair<const Stmt *, const MacroInvocation *>> Work{{FD->getBody(), nullptr}};
  // For noteSleepable(): every if, and each local's initialiser.
  std::vector<const IfStmt *> Ifs;
  llvm::DenseMap<const VarDecl *, const Expr *> Inits;
  while (!Work.empty()) {
    auto [S, ParentInv] = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    const MacroInvocation *Inv = invocationAt(S->getBeginLoc());
    if (Inv && !FX.rules().lookup(Inv->Name, true))
      Inv = nullptr;
    if (Inv && Inv != ParentInv)
      Owned[Inv].push_back(S);
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      Ifs.push_back(If);
      noteImplied(If);
      if (If->getIfLoc().isFileID() && If->getCond() && testsRuntimeState(If->getCond())) {
        bool Waiver = mentionsLockdep(If->getCond());
        GuardIf G{SM.getExpansionLoc(If->getIfLoc()), {}};
        unsigned Arm = 0;
        for (const Stmt *Branch : {If->getThen(), If->getElse()}) {
          if (Branch) {
            SourceLocation B = SM.getExpansionLoc(Branch->getBeginLoc()),
                           E = SM.getExpansionLoc(Branch->getEndLoc());
            Guards.add(B, E);
            if (Waiver)
              Waivers.add(B, E);
            G.Arms[Arm] = {B, E};
          }
          ++Arm;
        }
        GuardIfs.push_back(G);
      }
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->hasAttr<CleanupAttr>() && VD->getInit())
            if (const auto *CE = dyn_cast<CallExpr>(VD->getInit()->IgnoreParenImpCasts()))
              GuardInit[CE] = VD;
    // A local pointer assigned the whole value of an accessor macro.
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      if (DS->isSingleDecl())
        if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
          if (VD->hasLocalStorage() && VD->getType()->isPointerType())
            if (const MacroInvocation *M = wholeAccessor(VD->getInit()))
              AccessorAssign[S] = {PtrPath{VD, ""}, M};
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->getOpcode() == BO_Assign && BO->getLHS()->getType()->isPointerType())
        if (auto L = pathOf(BO->getLHS())) {
          if (const MacroInvocation *M = wholeAccessor(BO->getRHS())) {
            AccessorAssign[S] = {*L, M};
          } else if (const MacroInvocation *Loop = invocationAt(BO->getOperatorLoc())) {
            // An RCU list iterator's own step (`pos = list_entry_rcu(...)`
            // inside list_for_each_entry_rcu): the entry is read in the
            // iterator's section.
            const FunctionRule *LR = FX.rules().lookup(Loop->Name, true);
            bool Reader = false;
            for (const RuleStep &RS : LR ? LR->Steps : std::vector<RuleStep>())
              Reader |= RS.Op == StepOp::Need && !RS.Context.empty() && !RS.Assertion;
            if (Reader)
              AccessorAssign[S] = {*L, Loop};
          }
        }
    }
    // `&p->f == head` as written in the function: the address of a place in
    // *p, computed and compared, nothing loaded (`WARN_ON(&ptype->list ==
    // head)` after the section: net/core/gro.c). Not an address passed on
    // (atomic_inc(&p->count) loads through it, and has no body to say so),
    // nor a comparison inside a macro's own body: list_for_each_entry_rcu()'s
    // `&pos->member != head` stands for the step that reads pos->member.next.
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE) &&
        (BO->getOperatorLoc().isFileID() || SM.isMacroArgExpansion(BO->getOperatorLoc())))
      for (const Expr *Side : {BO->getLHS(), BO->getRHS()})
        if (const auto *U = dyn_cast<UnaryOperator>(Side->IgnoreParenImpCasts());
            U && U->getOpcode() == UO_AddrOf)
          markAddressOnly(U->getSubExpr());
    if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl())
      if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
          VD && VD->hasLocalStorage() && VD->getInit())
        Inits[VD] = VD->getInit();
    for (const Stmt *C : S->children())
      Work.push_back({C, Inv ? Inv : ParentInv});
  }
  noteSleepable(Ifs, Inits);
}

void BodyIndex::markAddressOnly(const Expr *Place) {
  // `&p->f`, `&p->a.b`, `&p->arr[i]`: each access on the way to p's.
  for (const Expr *E = Place->IgnoreParens(); E;) {
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      AddressOnly.insert(ME);
      E = ME->isArrow() ? nullptr : ME->getBase()->IgnoreParens();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      AddressOnly.insert(AS);
      const auto *Decay = dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
      E = Decay && Decay->getCastKind() == CK_ArrayToPointerDecay ? Decay->getSubExpr()->IgnoreParens()
                                                                  : nullptr;
    } else {
      E = nullptr;
    }
  }
}

bool BodyIndex::mentionsLockdep(const Expr *Cond) const {
  // The explicit waiver idiom: a condition that also asks whether lockdep
  // is on (`IS_ENABLED(CONFIG_PROVE_LOCKING) && ...`, debug_locks) exists
  // to say when the assertion applies.
  llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(SM.getExpansionRange(Cond->getSourceRange()).getAsRange()), SM,
      FX.astContext().getLangOpts());
  return Text.contains("CONFIG_PROVE_LOCKING") || Text.contains("CONFIG_LOCKDEP") ||
         Text.contains("debug_locks") || Text.contains("lockdep");
}

const FunctionRule *BodyIndex::wholeRuleTest(const Expr *C) const {
  const FunctionRule *R = nullptr;
  if (const auto *CE = dyn_cast<CallExpr>(C); CE && CE->getDirectCallee() &&
                                             CE->getDirectCallee()->getIdentifier())
    R = FX.rules().lookup(CE->getDirectCallee()->getName().str(), /*IsMacro=*/false);
  if (!R) {
    const MacroInvocation *M = invocationAt(C->getBeginLoc());
    if (M && M == invocationAt(C->getEndLoc()))
      R = FX.rules().lookup(M->Name, /*IsMacro=*/true);
  }
  return R;
}

void BodyIndex::noteImplied(const IfStmt *If) {
  if (!If->getCond() || !If->getThen() || !If->getIfLoc().isFileID())
    return;
  std::vector<const Expr *> Work{If->getCond()};
  while (!Work.empty()) {
    const Expr *C = Work.back()->IgnoreParenImpCasts();
    Work.pop_back();
    if (const auto *BO = dyn_cast<BinaryOperator>(C); BO && BO->getOpcode() == BO_LAnd) {
      Work.push_back(BO->getLHS());
      Work.push_back(BO->getRHS());
      continue;
    }
    const FunctionRule *R = wholeRuleTest(C);
    if (!R)
      continue;
    for (const RuleStep &RS : R->Steps)
      if (RS.Op == StepOp::Implies)
        Implied.try_emplace(counterKeyOf(RS.Context), SM)
            .first->second.add(SM.getExpansionLoc(If->getThen()->getBeginLoc()),
                               SM.getExpansionLoc(If->getThen()->getEndLoc()));
  }
}

std::optional<BodyIndex::GuardArm> BodyIndex::guardArm(SourceLocation Loc) const {
  SourceLocation L = SM.getExpansionLoc(Loc);
  std::optional<GuardArm> Best;
  SourceLocation BestBegin;
  for (unsigned I = 0; I < GuardIfs.size(); ++I)
    for (unsigned A = 0; A < 2; ++A) {
      auto [B, E] = GuardIfs[I].Arms[A];
      if (B.isInvalid() || SM.isBeforeInTranslationUnit(L, B) || SM.isBeforeInTranslationUnit(E, L))
        continue;
      // The innermost: the arm that begins last.
      if (!Best || SM.isBeforeInTranslationUnit(BestBegin, B)) {
        Best = GuardArm{I, A, Guards.contains(GuardIfs[I].IfLoc)};
        BestBegin = B;
      }
    }
  return Best;
}

bool BodyIndex::testsRuntimeState(const Expr *Cond) const {
  bool State = false, Mode = false;
  std::vector<const Stmt *> Work{Cond};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (isa<CallExpr>(S) || isa<MemberExpr>(S)) {
      State = true;
      continue; // a parameter under a call or field is state, not a mode
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(S)) {
      // A boolean or integer parameter tested as such is a mode the
      // partitions follow; a pointer compared (p != current) is state.
      if (const auto *PV = dyn_cast<ParmVarDecl>(DR->getDecl())) {
        if (PV->getType()->isIntegralOrEnumerationType())
          Mode = true;
        else
          State = true;
      } else if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
        // (A local that stands for a parameter is that parameter's mode.)
        if (Aliases && Aliases->count(VD))
          Mode = true;
        else
          State |= VD->hasGlobalStorage() || VD->hasLocalStorage();
      }
    }
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  return State && !Mode;
}

const std::vector<ResolvedStep> &BodyIndex::macroSteps(const MacroInvocation *Inv) const {
  auto It = Steps.find(Inv);
  if (It == Steps.end()) {
    const FunctionRule *R = FX.rules().lookup(Inv->Name, /*IsMacro=*/true);
    It = Steps.try_emplace(Inv, R ? FX.resolve(*R, macroArgs(Inv), FD) : std::vector<ResolvedStep>())
             .first;
  }
  return It->second;
}

SiteArgs BodyIndex::macroArgs(const MacroInvocation *Inv) const {
  auto It = Owned.find(Inv);
  std::vector<const Stmt *> Roots;
  if (It != Owned.end())
    Roots = It->second;
  // Trailing empty arguments (an omitted variadic `cond...`) are absent.
  unsigned Count = Inv->Args.size();
  while (Count > 0 && Inv->Args[Count - 1].first.isInvalid())
    --Count;
  if (Inv->Args.empty()) {
    // Object-like macro naming a function (liburcu: `#define rcu_read_lock
    // urcu_memb_read_lock`): the arguments are the call's.
    for (const Stmt *S : Roots)
      if (const auto *CE = dyn_cast<CallExpr>(S))
        return {CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
    return {};
  }
  const MacroIndex &MI = FX.macros();
  return {Count,
          [Roots, Inv, &MI](unsigned I) -> const Expr * {
            for (const Stmt *R : Roots)
              if (const Expr *E = MI.argument(*Inv, I, R))
                return E;
            return nullptr;
          },
          [Inv, this](unsigned I) -> std::optional<int64_t> {
            if (I < Inv->ArgValues.size() && Inv->ArgValues[I])
              return Inv->ArgValues[I];
            if (I < Inv->ArgIdents.size() && !Inv->ArgIdents[I].empty())
              return enumeratorValue(Inv->ArgIdents[I]);
            return std::nullopt;
          },
          [Inv](unsigned I) -> std::string {
            return I < Inv->ArgIdents.size() ? Inv->ArgIdents[I] : std::string();
          }};
}

const MacroInvocation *BodyIndex::invocationAt(SourceLocation Loc) const {
  return AnyMacro ? FX.macros().owner(Loc) : nullptr;
}

const MacroInvocation *BodyIndex::wholeAccessor(const Expr *E) const {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  const MacroInvocation *M = invocationAt(E->getBeginLoc());
  if (M && M == invocationAt(E->getEndLoc()) && FX.rules().lookup(M->Name, true))
    return M;
  return nullptr;
}

const CallExpr *BodyIndex::macroCall(const MacroInvocation *Inv) const {
  auto It = Owned.find(Inv);
  if (It == Owned.end() || It->second.size() != 1)
    return nullptr;
  const auto *E = dyn_cast<Expr>(It->second.front());
  return E ? dyn_cast<CallExpr>(E->IgnoreParenCasts()) : nullptr;
}

std::optional<int64_t> BodyIndex::enumeratorValue(const std::string &Name) const {
  ASTContext &Ctx = const_cast<ASTContext &>(FX.astContext());
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name)))
    if (const auto *E = dyn_cast<EnumConstantDecl>(D))
      return E->getInitVal().getExtValue();
  return std::nullopt;
}
