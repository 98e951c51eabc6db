#include "dataflow/FunctionAnalysis.h"

#include "dataflow/BlockReach.h"

#include "facts/DeclaredContexts.h"
#include "facts/SourceRangeSet.h"
#include "report/FindingText.h"
#include "summaries/CallSite.h"
#include "summaries/Judge.h"

#include "clang/AST/Attr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtVisitor.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <algorithm>
#include <set>

using namespace clang;
using namespace rcuctx;

/// The place an expression names, if it is a local's (or a parameter's):
/// `p`, `iter.sptep`, `w->slot`, `path[i]` (as `path[]`).
static std::optional<PtrPath> pathOf(const Expr *E) {
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
    B->Fields += (ME->isArrow() ? "->" : ".") + ME->getMemberDecl()->getNameAsString();
    return B;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    auto B = pathOf(AS->getBase());
    if (!B)
      return std::nullopt;
    B->Fields += "[]";
    return B;
  }
  return std::nullopt;
}

namespace {

using PState = std::optional<ContextState>; // nullopt: unreachable

struct Site {
  unsigned Block = 0, Index = 0;
};


struct PendingFinding {
  Finding F;
  Site S;
  unsigned Partition = 0;
};

/// What a guard's constructor did, undone by its cleanup.
struct Delta {
  std::vector<std::pair<std::string, int>> Counters;
  std::vector<std::pair<std::string, uint8_t>> Locks; // key, mode held
};

class Walker {
public:
  Walker(const FunctionDecl *FD, const FactExtractor &FX, const SummaryLookup &Lookup,
         const AnalysisOptions &Opts)
      : FD(FD), FX(FX), Lookup(Lookup), Opts(Opts), SM(FX.astContext().getSourceManager()) {}

  FunctionResult run();

private:
  // ---- set-up ----
  bool buildCfg();
  void indexElements();
  Valuation valuation(unsigned V) const {
    Valuation R;
    for (unsigned I = 0; I < Tracked.size(); ++I)
      R.push_back({Tracked[I], ((V >> I) & 1) != 0});
    return R;
  }
  std::optional<bool> paramValue(int Param, unsigned V) const {
    for (unsigned I = 0; I < Tracked.size(); ++I)
      if (Tracked[I] == Param)
        return ((V >> I) & 1) != 0;
    return std::nullopt;
  }

  std::vector<unsigned> testedIntegerParams() const;
  /// Partitions whose paths are compared for imbalance: those that differ
  /// only in integer parameters (`err`) are paths of one protocol; a boolean
  /// mode (`take`) may legitimately change what the function returns holding.
  std::vector<std::vector<unsigned>> imbalanceGroups() const {
    unsigned BoolMask = 0;
    for (unsigned I = 0; I < Tracked.size(); ++I)
      if (FD->getParamDecl(Tracked[I])->getType()->isBooleanType())
        BoolMask |= 1u << I;
    std::map<unsigned, std::vector<unsigned>> G;
    for (unsigned V = 0; V < NP; ++V)
      G[V & BoolMask].push_back(V);
    std::vector<std::vector<unsigned>> Out;
    for (auto &KV : G)
      Out.push_back(KV.second);
    return Out;
  }

  // ---- transfer ----
  PState transferBlock(const CFGBlock *B, PState In, unsigned V);
  void transferElement(const CFGElement &E, ContextState &St, unsigned V, bool &Dead);
  void handleCall(const CallExpr *CE, ContextState &St, unsigned V, bool &Dead);
  void trackPointers(const Stmt *S, ContextState &St);
  /// What protects the pointer an expression evaluates to, if it is one the
  /// analysis follows.
  std::optional<RcuPointer> provenance(const Expr *E, const ContextState &St) const;
  /// The pointer an accessor invocation reads, in state St.
  std::optional<RcuPointer> readWith(const MacroInvocation *Inv, const ContextState &St) const;
  /// The rule macro an expression is wholly the expansion of, if any.
  const MacroInvocation *wholeAccessor(const Expr *E) const;
  /// Whether the function returns a pointer to the kind of object that
  /// holds lock class K (lock_anon_vma_root(), folio_lock_anon_vma_read()
  /// return the anon_vma whose rwsem they leave held): a hand-off protocol,
  /// the caller unlocks what it gets.
  bool returnsOwnerOf(const std::string &K) const {
    QualType T = FD->getReturnType();
    if (!T->isPointerType())
      return false;
    std::string Owner = typeName(T->getPointeeType(), FX.astContext()) + "::";
    return K.compare(0, Owner.size(), Owner) == 0;
  }
  /// Whether the declaration says the function acquires or releases K
  /// (`__acquires(RCU)`, `__releases(&s->lock)`): leaving it changed is the
  /// declared protocol.
  bool declaredHandOff(const std::string &K) const {
    if (!Declared)
      Declared = declaredContexts(FD, FX);
    for (const DeclaredContext &D : *Declared)
      if (D.K != DeclaredContext::Requires && D.What.Key == K)
        return true;
    return false;
  }
  mutable std::optional<std::vector<DeclaredContext>> Declared; // declaredHandOff()'s
  /// A context the function leaves changed by design, not an imbalance.
  bool handsOver(const std::string &K) const { return returnsOwnerOf(K) || declaredHandOff(K); }
  /// Summary::ReturnsTryLock: every return gives a try-lock's result.
  void findTryLockWrapper();
  /// The try-acquire step of a call to a rule-described try-lock, if it is one.
  std::optional<ResolvedStep> tryAcquireOf(const Expr *E) const;
  /// Summary::DerefParams: parameters dereferenced in blocks every path runs.
  void findDerefParams();
  /// Forgets what P (and every place under it) held.
  static void forget(ContextState &St, const PtrPath &P);
  void markStale(ContextState &St, const std::string &Key, SourceLocation Loc, bool Always);
  void applySteps(const std::vector<ResolvedStep> &Steps, SourceLocation Loc,
                  const std::string &Name, bool IsMacro, ContextState &St, unsigned V);
  void applySummary(const CallExpr *CE, const FunctionDecl *Callee, const Summary &CS,
                    ContextState &St, unsigned V, bool &Dead);
  PState edge(const CFGBlock *From, unsigned SuccIdx, const PState &Out, unsigned V);
  /// The state flowing from P's end into its successor B, in partition V.
  PState edgeInto(const CFGBlock *P, const CFGBlock *B, unsigned V) {
    unsigned Idx = 0;
    for (auto SI = P->succ_begin(); SI != P->succ_end(); ++SI, ++Idx)
      if (*SI == B)
        break;
    return edge(P, Idx, Out[P->getBlockID()][V], V);
  }
  /// The lock class each argument of a call passes (for resolveKeyAt/StateAt).
  ArgClassFn argClasses(const CallExpr *CE) const;
  /// What a call passes, as callee summaries need it: every argument when
  /// recording for the link, else only those CS refers to.
  CallSiteFacts callFacts(const CallExpr *CE, const FunctionDecl *Callee, const Summary *CS) const;
  /// The name rules give an indirect call's target: "struct T::field" for
  /// an ops member, the trampoline's name for static_call(); "" if neither.
  std::string slotName(const Expr *Callee) const;
  /// Records a call for the link (KeepDetail); returns its index, or -1.
  int recordCall(const CallExpr *CE, const FunctionDecl *Callee, bool HasBody,
                 const ContextState &St, unsigned V);
  llvm::DenseMap<const CallExpr *, int> CallIndex;
  SiteArgs macroArgs(const MacroInvocation *Inv) const;

  // ---- obligations and findings ----
  void emit(Obligation O, const ContextState &St, unsigned V);
  void checkReturns();
  void checkJoins();
  /// How a path leaves context K: held (entered here and kept), free (as it
  /// came in, or released), or neither definitely.
  enum class Balance { Held, Free, Other };
  Balance balanceOf(const ContextState &St, const std::string &K, bool IsLock) const;
  /// "returns with K held on this path but not on others", at Loc.
  Finding imbalanceFinding(const std::string &K, bool IsLock, SourceLocation Loc,
                           const ContextState &St) const;
  std::string fnName() const { return FD->getNameAsString(); }
  /// Drops what was found on paths the developer's assertions rule out.
  void dropAssertedImpossible();


  const FunctionDecl *FD;
  const FactExtractor &FX;
  const SummaryLookup &Lookup;
  const AnalysisOptions &Opts;
  const SourceManager &SM;

  std::unique_ptr<CFG> Cfg;
  std::vector<const CFGBlock *> Rpo;
  std::vector<int> Tracked;
  unsigned NP = 1;

  llvm::DenseMap<const Stmt *, const MacroInvocation *> Owner;
  llvm::DenseMap<const MacroInvocation *, std::pair<unsigned, unsigned>> FirstElem;
  llvm::DenseMap<const MacroInvocation *, std::vector<const Stmt *>> Owned;
  llvm::DenseMap<const CallExpr *, const VarDecl *> GuardInit;
  /// `p = rcu_dereference(gp)` and `T *p = rcu_dereference(gp)`: the local
  /// and the accessor invocation.
  llvm::DenseMap<const Stmt *, std::pair<PtrPath, const MacroInvocation *>> AccessorAssign;
  std::set<std::pair<unsigned, PtrPath>> StaleReported;
  llvm::DenseMap<const VarDecl *, Delta> GuardDelta;
  std::map<std::string, bool> AcquiredFromEntry;
  /// The expression last used to take each lock class, so two instances of
  /// one class (a->lock, b->lock) are not mistaken for a double lock.
  std::map<std::string, std::string> AcquireText, ReleaseText;
  /// Lock classes found double-locked: no longer judged in this function.
  std::set<std::string> Poisoned;
  /// Contexts this function gives up somewhere (itself or through a callee).
  /// Only those can be unbalanced: a function that only *enters* a context
  /// on some paths (walk_shadow_page_lockless_begin()) is a protocol.
  std::set<std::string> Released;
  /// Per block, the contexts its statements take or give up (for imbalance at joins).
  std::map<unsigned, std::set<std::string>> Touched;

  std::vector<std::vector<PState>> In, Out; // [block id][partition]

  bool Collect = false;
  unsigned CurBlock = 0, CurIndex = 0;
  std::vector<SitedObligation> Obls;
  /// Branches of lockdep-only ifs on runtime state: an assertion there is a
  /// waiver (`if (IS_ENABLED(CONFIG_PROVE_LOCKING) &&
  /// refcount_read(&kvm->users_count) && kvm->created_vcpus)
  /// lockdep_assert_held_write(&kvm->mmu_lock)`), not a requirement.
  SourceRangeSet Waivers{SM};
  /// Branches of any if on runtime state: a requirement there holds only
  /// when that condition does (Obligation::Conditional).
  SourceRangeSet Guards{SM};
  bool inWaiver(SourceLocation Loc) const { return Waivers.contains(Loc); }
  bool inGuard(SourceLocation Loc) const { return Guards.contains(Loc); }
  /// A lockdep-only condition on runtime state (a call, a field), not on
  /// this function's mode parameters (`if (shared)`), which the partitions follow.
  bool testsRuntimeState(const Expr *Cond) const;
  /// Whether the condition also asks if lockdep is on (a waiver's marker).
  bool mentionsLockdep(const Expr *Cond) const;
  /// Lock keys naming this function's parameters ('$0') in a finding's
  /// text become the parameters' names ('l').
  void nameParams(Finding &F) const;
  int CurCall = -1; // the recorded call whose summary is being applied
  std::vector<PendingFinding> Violations;
  /// Per partition, blocks where an assertion (WARN_ON(shared)) says this
  /// partition's path cannot happen.
  std::map<unsigned, std::set<unsigned>> Failing;
  FunctionResult Result;

};

bool Walker::buildCfg() {
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true; // cleanup-attribute calls (guard(), scoped_guard())
  BO.AddInitializers = true;
  BO.PruneTriviallyFalseEdges = true;
  BO.setAllAlwaysAdd(); // every subexpression an element: dereferences are events too
  Cfg = CFG::buildCFG(FD, FD->getBody(), &FX.astContext(), BO);
  return Cfg != nullptr;
}

void Walker::indexElements() {
  // Reverse post-order from the entry block.
  std::vector<char> Seen(Cfg->getNumBlockIDs(), 0);
  std::vector<std::pair<const CFGBlock *, CFGBlock::const_succ_iterator>> Stack;
  std::vector<const CFGBlock *> Post;
  const CFGBlock *Entry = &Cfg->getEntry();
  Stack.push_back({Entry, Entry->succ_begin()});
  Seen[Entry->getBlockID()] = 1;
  while (!Stack.empty()) {
    auto &Top = Stack.back();
    if (Top.second == Top.first->succ_end()) {
      Post.push_back(Top.first);
      Stack.pop_back();
      continue;
    }
    const CFGBlock *Succ = *Top.second;
    ++Top.second;
    if (Succ && !Seen[Succ->getBlockID()]) {
      Seen[Succ->getBlockID()] = 1;
      Stack.push_back({Succ, Succ->succ_begin()});
    }
  }
  Rpo.assign(Post.rbegin(), Post.rend());

  // Which elements belong to a rule macro's expansion, and the first one (in
  // reverse post-order) where its steps take effect.
  for (unsigned Pos = 0; Pos < Rpo.size(); ++Pos) {
    const CFGBlock *B = Rpo[Pos];
    unsigned Idx = 0;
    for (const CFGElement &E : *B) {
      if (auto CS = E.getAs<CFGStmt>()) {
        const Stmt *S = CS->getStmt();
        const MacroInvocation *Inv = FX.macros().owner(S->getBeginLoc());
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
  while (!Work.empty()) {
    auto [S, ParentInv] = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    const MacroInvocation *Inv = FX.macros().owner(S->getBeginLoc());
    if (Inv && !FX.rules().lookup(Inv->Name, true))
      Inv = nullptr;
    if (Inv && Inv != ParentInv)
      Owned[Inv].push_back(S);
    if (const auto *If = dyn_cast<IfStmt>(S))
      if (If->getIfLoc().isFileID() && If->getCond() && testsRuntimeState(If->getCond())) {
        bool Waiver = mentionsLockdep(If->getCond());
        for (const Stmt *Branch : {If->getThen(), If->getElse()})
          if (Branch) {
            SourceLocation B = SM.getExpansionLoc(Branch->getBeginLoc()),
                           E = SM.getExpansionLoc(Branch->getEndLoc());
            Guards.add(B, E);
            if (Waiver)
              Waivers.add(B, E);
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
          } else if (const MacroInvocation *Loop = FX.macros().owner(BO->getOperatorLoc())) {
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
    for (const Stmt *C : S->children())
      Work.push_back({C, Inv ? Inv : ParentInv});
  }
}

bool Walker::mentionsLockdep(const Expr *Cond) const {
  // The explicit waiver idiom: a condition that also asks whether lockdep
  // is on (`IS_ENABLED(CONFIG_PROVE_LOCKING) && ...`, debug_locks) exists
  // to say when the assertion applies.
  llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(SM.getExpansionRange(Cond->getSourceRange()).getAsRange()), SM,
      FX.astContext().getLangOpts());
  return Text.contains("CONFIG_PROVE_LOCKING") || Text.contains("CONFIG_LOCKDEP") ||
         Text.contains("debug_locks") || Text.contains("lockdep");
}

bool Walker::testsRuntimeState(const Expr *Cond) const {
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
      } else if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
        State |= VD->hasGlobalStorage() || VD->hasLocalStorage();
    }
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  return State && !Mode;
}

SiteArgs Walker::macroArgs(const MacroInvocation *Inv) const {
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
  return {Count, [Roots, Inv, &MI](unsigned I) -> const Expr * {
            for (const Stmt *R : Roots)
              if (const Expr *E = MI.argument(*Inv, I, R))
                return E;
            return nullptr;
          }};
}

ArgClassFn Walker::argClasses(const CallExpr *CE) const {
  return [this, CE](unsigned I) {
    return CE && I < CE->getNumArgs() ? FX.lockClass(CE->getArg(I), FD) : std::string();
  };
}

CallSiteFacts Walker::callFacts(const CallExpr *CE, const FunctionDecl *Callee,
                               const Summary *CS) const {
  CallSiteFacts F;
  F.Caller = fnName();
  F.Callee = Callee->getNameAsString();
  F.Loc = CE->getExprLoc();
  std::vector<char> Want(CE->getNumArgs(), CS == nullptr);
  auto Mark = [&](int I) {
    if (I >= 0 && I < (int)Want.size())
      Want[I] = 1;
  };
  if (CS) {
    auto MarkKey = [&](const std::string &K) { Mark(ctx::paramOf(K)); };
    for (const Obligation &O : CS->Obligations) {
      Mark(O.GfpParam);
      for (const Atom &A : O.AnyOf)
        if (A.K != Atom::Exempt)
          MarkKey(A.Key);
      for (auto &KV : O.At.Locks)
        MarkKey(KV.first);
      for (auto &KV : O.At.Counters)
        MarkKey(KV.first);
    }
  }
  F.Args.resize(CE->getNumArgs());
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    if (!Want[I])
      continue;
    const Expr *A = CE->getArg(I);
    ArgFacts &AF = F.Args[I];
    AF.LockClass = FX.lockClass(A, FD);
    int P = -1;
    AF.Gfp = FX.gfp(A, FD, P);
    AF.GfpParam = AF.Gfp == ResolvedStep::GfpOnParam ? P : -1;
    if (AF.Gfp == ResolvedStep::GfpAlways)
      AF.Text = FX.textOf(A);
  }
  return F;
}

std::string Walker::slotName(const Expr *Callee) const {
  const Expr *E = Callee->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref)
      E = U->getSubExpr()->IgnoreParenCasts();
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    if (isa<FunctionDecl>(DR->getDecl()))
      return DR->getDecl()->getNameAsString(); // a static_call() trampoline
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    QualType T = ME->getBase()->getType();
    if (ME->isArrow())
      T = T->getPointeeType();
    if (T.isNull())
      return "";
    return typeName(T, FX.astContext()) + "::" + ME->getMemberDecl()->getNameAsString();
  }
  return "";
}

int Walker::recordCall(const CallExpr *CE, const FunctionDecl *Callee, bool HasBody,
                       const ContextState &St, unsigned V) {
  bool Static = !Callee->isExternallyVisible();
  if (!HasBody && Static)
    return -1; // nothing outside this TU can define it
  auto &Calls = Result.Detail.Calls;
  auto It = CallIndex.find(CE);
  if (It == CallIndex.end()) {
    CallRecord R;
    R.Facts = callFacts(CE, Callee, nullptr);
    R.CalleeExternal = !HasBody;
    R.CalleeStatic = Static;
    R.Block = CurBlock;
    R.Index = CurIndex;
    It = CallIndex.insert({CE, (int)Calls.size()}).first;
    Calls.push_back(std::move(R));
  }
  CallRecord::At A;
  A.Partition = V;
  A.St = St;
  A.St.Ptrs.clear();
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    const Expr *Arg = CE->getArg(I)->IgnoreParenImpCasts();
    bool B;
    if (!Arg->isValueDependent() && Arg->EvaluateAsBooleanCondition(B, FX.astContext())) {
      A.Known[I] = B;
      continue;
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(Arg))
      for (unsigned P = 0; P < FD->getNumParams(); ++P)
        if (FD->getParamDecl(P) == DR->getDecl())
          if (auto Val = paramValue(P, V))
            A.Known[I] = *Val;
  }
  Calls[It->second].States.push_back(std::move(A));
  return It->second;
}

void Walker::emit(Obligation O, const ContextState &St, unsigned V) {
  if (!Collect)
    return;
  O.At = St;
  O.When = valuation(V);
  O.Owner = fnName();
  switch (classify(O, Opts.Strict)) {
  case Disposition::Finding:
    Violations.push_back({violationFinding(O, Opts.Strict), Site{CurBlock, CurIndex}, V});
    break;
  case Disposition::Pending:
    Obls.push_back({std::move(O), CurBlock, CurIndex, V, CurCall});
    break;
  case Disposition::Drop:
    break;
  }
}

void Walker::applySteps(const std::vector<ResolvedStep> &Steps, SourceLocation Loc,
                        const std::string &Name, bool IsMacro, ContextState &St, unsigned V) {
  const std::string Me = quoted(fnName());
  // Accessors and assertions read as the macro call a developer writes
  // ("rcu_dereference()"); everything else by its quoted name ('kmalloc').
  const std::string Shown = IsMacro ? Name + "()" : quoted(Name);
  const std::string Callee = quoted(Name);
  for (const ResolvedStep &S : Steps) {
    switch (S.Op) {
    case StepOp::Enter:
      Touched[CurBlock].insert(S.Key);
      St.setCounter(S.Key, St.counter(S.Key).shift(1));
      St.LastAcquire[S.Key] = Loc;
      break;
    case StepOp::Exit: {
      Touched[CurBlock].insert(S.Key);
      Released.insert(S.Key);
      Obligation O;
      O.K = Obligation::Need;
      O.AnyOf = {{Atom::Counter, S.Key, 0}};
      O.Check = CheckId::Unbalanced;
      O.What = Shown;
      O.Loc = Loc;
      O.SiteNote = Me + " ends " + describeSection(S.Key) + " here";
      emit(O, St, V);
      St.setCounter(S.Key, St.counter(S.Key).shift(-1));
      St.LastRelease[S.Key] = Loc;
      markStale(St, S.Key, Loc, false);
      break;
    }
    case StepOp::Acquire: {
      if (S.Spins)
        St.setCounter(ctx::Preempt, St.counter(ctx::Preempt).shift(1));
      if (S.Key.empty())
        break;
      Touched[CurBlock].insert(S.Key);
      LockSet Cur = St.lock(S.Key);
      if (Cur.definitelyHeld()) {
        bool Exclusive = S.Modes == LB_Write || Cur.has(LB_Write);
        if (Collect && Exclusive && !S.LockText.empty() && St.LastAcquire.count(S.Key) &&
            St.LockSpins.count(S.Key) && Cur.definitelyHeld()) {
          auto TextIt = AcquireText.find(S.Key);
          if (TextIt != AcquireText.end() && TextIt->second == S.LockText) {
            Finding F;
            F.Check = CheckId::Unbalanced;
            F.Loc = Loc;
            F.Message = quoted(S.Key) + " is already held here";
            F.Notes.push_back({St.LastAcquire[S.Key], quoted(S.Key) + " acquired here"});
            Result.Findings.push_back(F);
          }
        }
        if (AcquireText.count(S.Key) && AcquireText[S.Key] == S.LockText) {
          // Reported (or a recursive read lock): stop judging this class here
          // rather than cascade into "unlock of what is not held".
          St.setLock(S.Key, LockSet::of(LB_Entry | LockSet::Absolute));
          Poisoned.insert(S.Key);
          break;
        }
        if (AcquireText.count(S.Key) && AcquireText[S.Key] != S.LockText) {
          // Another instance of the same class (a->lock, then b->lock): stop
          // judging this class here rather than conflate the two.
          St.setLock(S.Key, LockSet::of(LB_Entry | LockSet::Absolute));
          break;
        }
      }
      if (Cur.mayBeEntry())
        AcquiredFromEntry[S.Key] = true;
      St.setLock(S.Key, LockSet::of(S.Modes));
      St.LockSpins[S.Key] = S.Spins;
      St.LastAcquire[S.Key] = Loc;
      AcquireText[S.Key] = S.LockText;
      break;
    }
    case StepOp::Release: {
      if (S.Spins)
        St.setCounter(ctx::Preempt, St.counter(ctx::Preempt).shift(-1));
      if (S.Key.empty())
        break;
      Touched[CurBlock].insert(S.Key);
      Released.insert(S.Key);
      LockSet Cur = St.lock(S.Key);
      // Lock classes conflate instances (dst_kvm->lock and src_kvm->lock;
      // gpc1->lock and gpc2->lock): a release is judged only while one
      // expression of the class is in play in this function.
      bool OtherRelease = ReleaseText.count(S.Key) && ReleaseText[S.Key] != S.LockText;
      bool OtherAcquire = AcquireText.count(S.Key) && AcquireText[S.Key] != S.LockText;
      bool SameInstance = ReleaseText.count(S.Key) && !OtherRelease;
      ReleaseText[S.Key] = S.LockText;
      if (Poisoned.count(S.Key) || OtherRelease || OtherAcquire ||
          (Cur.only(LB_Unheld) && !SameInstance)) {
        St.setLock(S.Key, LockSet::of(LB_Entry | LockSet::Absolute));
        break;
      }
      Obligation O;
      O.K = Obligation::Need;
      O.AnyOf = {{Atom::Lock, S.Key, S.Modes}};
      O.Check = CheckId::Unbalanced;
      O.What = Shown;
      O.Loc = Loc;
      O.SiteNote = Me + " releases " + quoted(S.Key) + " here";
      emit(O, St, V);
      St.setLock(S.Key, LockSet::of(LB_Unheld));
      St.LockSpins[S.Key] = S.Spins;
      St.LastRelease[S.Key] = Loc;
      break;
    }
    case StepOp::TryAcquire:
      break; // takes effect on the branch where it succeeded
    case StepOp::TakeRef:
      for (const ValueDecl *VD : S.RefVars)
        forget(St, PtrPath{VD, ""});
      break;
    case StepOp::Derive:
      break; // followed in provenance()
    case StepOp::Yield:
      if (!S.OnTrue)
        markStale(St, S.Key, Loc, true);
      break;
    case StepOp::Forget:
      if (!St.lock(S.Key).only(LB_Entry)) {
        St.setLock(S.Key, LockSet::of(LB_Entry | LockSet::Absolute));
        Touched[CurBlock].insert(S.Key);
      }
      break;
    case StepOp::AssumeFalse:
      if (Collect)
        for (auto &PV : S.FailsWhen)
          if (paramValue(PV.first, V) == PV.second)
            Failing[V].insert(CurBlock);
      break;
    case StepOp::Entry:
      if (Collect && S.EntryFn)
        Result.Entries.push_back({S.EntryFn, S.EntryContext, S.What, Loc});
      break;
    case StepOp::Need: {
      if (S.LockSpins && !S.Key.empty())
        St.LockSpins[S.Key] = *S.LockSpins; // a property of the class, known from its type
      if (S.AlwaysTrue || S.Escape || S.AnyOf.empty())
        break;
      if (S.Assertion && inWaiver(Loc))
        break;
      Obligation O;
      O.K = Obligation::Need;
      O.AnyOf = S.AnyOf;
      bool AnyCounter = false;
      for (const Atom &A : S.AnyOf)
        AnyCounter |= A.K == Atom::Counter;
      O.Check = S.Assertion  ? CheckId::LockHeld
                : AnyCounter ? CheckId::RcuSection
                             : CheckId::LockdepCondition;
      O.What = Shown;
      O.Loc = Loc;
      O.Conditional = inGuard(Loc);
      if (S.Assertion) {
        const Atom &A = S.AnyOf.front();
        O.SiteNote = A.K == Atom::Lock
                         ? Me + " asserts that " + quoted(A.Key) + " is " + describeModes(A.Modes) + " here"
                         : Me + " asserts that it is inside " + describeSection(A.Key) + " here";
      } else {
        O.SiteNote = Me + " reads an RCU-protected pointer with " + Shown + " here";
      }
      emit(O, St, V);
      break;
    }
    case StepOp::Sleep: {
      Obligation O;
      O.K = Obligation::NoSleep;
      O.Check = CheckId::SleepInAtomic;
      O.What = Callee;
      O.Loc = Loc;
      O.GfpParam = S.Gfp == ResolvedStep::GfpOnParam ? S.GfpParam : -1;
      O.SiteNote = Me + " may sleep here: " + Callee +
                   (S.GfpText.empty() ? std::string() : " with " + S.GfpText);
      emit(O, St, V);
      break;
    }
    }
  }
}

void Walker::applySummary(const CallExpr *CE, const FunctionDecl *Callee, const Summary &CS,
                          ContextState &St, unsigned V, bool &Dead) {
  // The callee's mode parameters, as this call sets them.
  std::map<int, bool> Known;
  for (int P : CS.TrackedParams) {
    if (P >= (int)CE->getNumArgs())
      continue;
    const Expr *A = CE->getArg(P)->IgnoreParenImpCasts();
    bool B;
    if (!A->isValueDependent() && A->EvaluateAsBooleanCondition(B, FX.astContext())) {
      Known[P] = B;
      continue;
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(A))
      for (unsigned I = 0; I < FD->getNumParams(); ++I)
        if (FD->getParamDecl(I) == DR->getDecl())
          if (auto Val = paramValue(I, V))
            Known[P] = *Val;
  }
  auto Applies = [&](const Valuation &When, bool RequireKnown) {
    for (auto &PV : When) {
      auto It = Known.find(PV.first);
      if (It == Known.end()) {
        if (RequireKnown)
          return false;
        continue;
      }
      if (It->second != PV.second)
        return false;
    }
    return true;
  };
  SourceLocation Loc = CE->getExprLoc();

  if (Collect) {
    CallSiteFacts Facts = callFacts(CE, Callee, &CS);
    Lifted L = liftSummary(CS, Facts, Known, St);
    bool Guarded = inGuard(Loc);
    for (Obligation &O : L.Obligations) {
      ContextState At = O.At;
      O.Conditional |= Guarded;
      emit(std::move(O), At, V);
    }
    for (LiftedConflict &C : L.Conflicts) {
      Result.Findings.push_back(std::move(C.F));
      Result.Relocated.push_back({Callee, C.Index});
    }
  }

  // Effects at return.
  PState Joined;
  for (const ExitEffect &X : CS.Exits) {
    if (!Applies(X.When, /*RequireKnown=*/false))
      continue;
    ContextState After = St.compose(resolveStateAt(X.State, argClasses(CE)));
    Joined = Joined ? Joined->join(After) : After;
  }
  if (!Joined) {
    if (CS.Computed)
      Dead = true; // never returns
    return;
  }
  ContextState Before = St;
  for (auto &KV : Joined->Counters)
    if (KV.second != Before.counter(KV.first))
      Touched[CurBlock].insert(KV.first);
  for (auto &KV : Joined->Locks)
    if (KV.second != Before.lock(KV.first))
      Touched[CurBlock].insert(KV.first);
  St = *Joined;
  St.LastRelease = Before.LastRelease;
  St.LastAcquire = Before.LastAcquire;
  for (auto &KV : St.Counters) {
    Interval B = Before.counter(KV.first);
    if (KV.second.Lo < B.Lo) {
      St.LastRelease[KV.first] = Loc;
      Released.insert(KV.first);
      markStale(St, KV.first, Loc, false);
    }
    if (KV.second.Hi > B.Hi)
      St.LastAcquire[KV.first] = Loc;
  }
  for (auto &KV : Before.Counters)
    if (!St.Counters.count(KV.first) && KV.second.Hi > 0)
      St.LastRelease[KV.first] = Loc;
  for (auto &KV : St.Locks) {
    LockSet B = Before.lock(KV.first);
    if (KV.second != B) {
      if (KV.second.has(LB_Unheld)) {
        St.LastRelease[KV.first] = Loc;
        Released.insert(KV.first);
      }
      if (KV.second.has(LockSet::Held))
        St.LastAcquire[KV.first] = Loc;
    }
  }
}

void Walker::handleCall(const CallExpr *CE, ContextState &St, unsigned V, bool &Dead) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee) {
    // Through a pointer: unknown, neither effect nor requirement -- unless
    // the rules name the slot (an ops member, `struct kvm_x86_ops::vcpu_run`,
    // or a static_call() trampoline, `__SCT__kvm_x86_vcpu_run`).
    std::string Slot = slotName(CE->getCallee());
    const FunctionRule *R = Slot.empty() ? nullptr : FX.rules().lookup(Slot, false);
    if (R) {
      SiteArgs Args{CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
      applySteps(FX.resolve(*R, Args, FD), CE->getExprLoc(), Slot, false, St, V);
    }
    return;
  }
  ContextState Before = St;
  std::string Name = Callee->getNameAsString();
  const FunctionRule *R = FX.rules().lookup(Name, /*IsMacro=*/false);
  const Summary *CS = (!R || R->augmentsBody()) ? Lookup(Callee) : nullptr;
  CurCall = -1;
  if (Collect && Opts.KeepDetail && (!R || R->augmentsBody()))
    CurCall = recordCall(CE, Callee, CS != nullptr, St, V);
  if (!R && !CS)
    return;
  if (CS)
    applySummary(CE, Callee, *CS, St, V, Dead);
  CurCall = -1;
  if (R && !Dead) {
    SiteArgs Args{CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
    applySteps(FX.resolve(*R, Args, FD), CE->getExprLoc(), Name, false, St, V);
  }
  auto G = GuardInit.find(CE);
  if (G != GuardInit.end()) {
    Delta D;
    for (auto &KV : St.Counters) {
      Interval B = Before.counter(KV.first);
      if (KV.second.isExact() && B.isExact() && KV.second.Lo != B.Lo)
        D.Counters.push_back({KV.first, KV.second.Lo - B.Lo});
    }
    for (auto &KV : St.Locks)
      if (KV.second.definitelyHeld() && !Before.lock(KV.first).definitelyHeld())
        D.Locks.push_back({KV.first, KV.second.Bits});
    GuardDelta[G->second] = D;
  }
}

void Walker::markStale(ContextState &St, const std::string &Key, SourceLocation Loc, bool Always) {
  for (auto &KV : St.Ptrs) {
    RcuPointer &P = KV.second;
    if (P.Key != Key || P.Stale)
      continue;
    // The instance the pointer was read in has ended on every path.
    if (Always || St.counter(Key).Hi < P.ReadDepth) {
      P.Stale = true;
      P.EndLoc = Loc;
    }
  }
}

static std::string pathName(const PtrPath &P) {
  std::string N = P.Base ? P.Base->getNameAsString() : "?";
  return N + P.Fields;
}

void Walker::forget(ContextState &St, const PtrPath &P) {
  for (auto It = St.Ptrs.begin(); It != St.Ptrs.end();)
    It = It->first.within(P) ? St.Ptrs.erase(It) : std::next(It);
}

std::optional<RcuPointer> Walker::provenance(const Expr *E, const ContextState &St) const {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenCasts();
  // The accessor itself: sptep_to_sp(rcu_dereference(iter.sptep)). (First:
  // its expansion may be a statement expression of its own.)
  if (const MacroInvocation *M = wholeAccessor(E))
    return readWith(M, St);
  if (auto P = pathOf(E)) {
    auto It = St.Ptrs.find(*P);
    if (It != St.Ptrs.end())
      return It->second;
    return std::nullopt;
  }
  // Into the same object: &p->f, &p[i], p + n, container_of(p, ...).
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_AddrOf) {
      const Expr *Sub = U->getSubExpr()->IgnoreParenImpCasts();
      if (const auto *ME = dyn_cast<MemberExpr>(Sub))
        return ME->isArrow() ? provenance(ME->getBase(), St) : provenance(ME->getBase(), St);
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Sub))
        return provenance(AS->getBase(), St);
    }
    return std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isAdditiveOp()) {
      if (BO->getLHS()->getType()->isPointerType())
        return provenance(BO->getLHS(), St);
      if (BO->getRHS()->getType()->isPointerType())
        return provenance(BO->getRHS(), St);
    }
    return std::nullopt;
  }
  if (const auto *SE = dyn_cast<StmtExpr>(E)) {
    // container_of: ({ void *__mptr = (void *)(p); (T *)(__mptr - off); })
    const CompoundStmt *CS = SE->getSubStmt();
    if (CS && !CS->body_empty())
      if (const auto *Last = dyn_cast<Expr>(CS->body_back()))
        return provenance(Last, St);
    return std::nullopt;
  }
  // A function whose result points into its argument's object (rules: derive).
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = CE->getDirectCallee()) {
      int A = FX.rules().derivesFrom(Callee->getNameAsString());
      if (A >= 0 && A < (int)CE->getNumArgs())
        return provenance(CE->getArg(A), St);
    }
  // A function returning a pointer read in its caller's section.
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = CE->getDirectCallee())
      if (const Summary *CS = Lookup(Callee))
        if (CS->ReturnsRcu && ctx::paramOf(CS->ReturnsRcu->Key) < 0) {
          RcuPointer P;
          P.Key = CS->ReturnsRcu->Key;
          Interval D = St.counter(P.Key);
          if (D.Lo == Interval::NegInf)
            return std::nullopt;
          P.ReadDepth = D.Lo + CS->ReturnsRcu->Depth;
          P.ReadLoc = SM.getExpansionLoc(CE->getExprLoc());
          P.Accessor = "'" + Callee->getNameAsString() + "'";
          return P;
        }
  return std::nullopt;
}

std::optional<RcuPointer> Walker::readWith(const MacroInvocation *Inv, const ContextState &St) const {
  const FunctionRule *Rule = FX.rules().lookup(Inv->Name, true);
  if (!Rule)
    return std::nullopt;
  for (const ResolvedStep &R : FX.resolve(*Rule, macroArgs(Inv), FD)) {
    if (R.Op != StepOp::Need || R.Assertion || R.Escape || R.AlwaysTrue || R.AnyOf.empty())
      continue;
    std::string Key;
    for (const Atom &A : R.AnyOf) {
      if (A.K != Atom::Counter) {
        Key.clear();
        break;
      }
      if (Key.empty() && (R.AnyOf.size() == 1 || St.counter(A.Key).Lo >= 1))
        Key = A.Key;
    }
    if (Key.empty() || ctx::paramOf(Key) >= 0)
      continue;
    RcuPointer P;
    P.Key = Key;
    P.ReadDepth = St.counter(P.Key).Lo;
    P.ReadLoc = SM.getExpansionLoc(Inv->NameLoc);
    P.Accessor = Inv->Name + "()";
    if (P.ReadDepth != Interval::NegInf)
      return P;
  }
  return std::nullopt;
}

const MacroInvocation *Walker::wholeAccessor(const Expr *E) const {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  const MacroInvocation *M = FX.macros().owner(E->getBeginLoc());
  if (M && M == FX.macros().owner(E->getEndLoc()) && FX.rules().lookup(M->Name, true))
    return M;
  return nullptr;
}

std::optional<ResolvedStep> Walker::tryAcquireOf(const Expr *E) const {
  const auto *CE = E ? dyn_cast<CallExpr>(E->IgnoreParenImpCasts()) : nullptr;
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  const FunctionRule *R = F ? FX.rules().lookup(F->getNameAsString(), false) : nullptr;
  if (!R)
    return std::nullopt;
  SiteArgs Args{CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
  for (const ResolvedStep &S : FX.resolve(*R, Args, FD))
    if (S.Op == StepOp::TryAcquire && !S.Key.empty())
      return S;
  return std::nullopt;
}

void Walker::findTryLockWrapper() {
  if (!FD->getReturnType()->isIntegralOrEnumerationType())
    return;
  // Every `return` gives the result: `return trylock(...)`, or a local
  // assigned only from the try-lock.
  std::vector<const ReturnStmt *> Rets;
  std::map<const VarDecl *, std::vector<const Expr *>> Stores;
  std::vector<const Stmt *> Work{FD->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (const auto *RS = dyn_cast<ReturnStmt>(S))
      Rets.push_back(RS);
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->isAssignmentOp())
        if (const auto *DR = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
            Stores[VD].push_back(BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr);
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit())
            Stores[VD].push_back(VD->getInit());
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  std::optional<ResolvedStep> Found;
  auto Same = [](const ResolvedStep &A, const ResolvedStep &B) {
    return A.Key == B.Key && A.Modes == B.Modes && A.SuccessZero == B.SuccessZero;
  };
  for (const ReturnStmt *RS : Rets) {
    const Expr *V = RS->getRetValue();
    if (!V)
      return;
    std::optional<ResolvedStep> Step = tryAcquireOf(V);
    if (!Step)
      if (const auto *DR = dyn_cast<DeclRefExpr>(V->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
          if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD)) {
            auto It = Stores.find(VD);
            if (It != Stores.end() && It->second.size() == 1)
              Step = tryAcquireOf(It->second.front());
          }
    if (!Step || (Found && !Same(*Found, *Step)))
      return;
    Found = Step;
  }
  if (Found)
    Result.S.ReturnsTryLock = TryLockResult{Found->Key, Found->Modes, Found->Spins, Found->SuccessZero};
}

void Walker::findDerefParams() {
  auto ParamIndex = [&](const Expr *E) -> int {
    auto P = pathOf(E);
    if (!P || !P->Fields.empty())
      return -1;
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      if (FD->getParamDecl(I) == P->Base && FD->getParamDecl(I)->getType()->isPointerType())
        return I;
    return -1;
  };
  // Every path from entry to exit runs B: B dominates the exit (an exit no
  // path reaches is dominated by every block, as when the BFS never got there).
  CFGDomTree Dom;
  Dom.buildDominatorTree(Cfg.get());
  auto Mandatory = [&](const CFGBlock *B) {
    return B != &Cfg->getEntry() && Dom.dominates(B, &Cfg->getExit());
  };
  std::map<int, SourceLocation> Found;
  for (const CFGBlock *B : *Cfg)
    for (const CFGElement &E : *B) {
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      int P = -1;
      SourceLocation Loc;
      if (const auto *ME = dyn_cast<MemberExpr>(S)) {
        if (ME->isArrow())
          P = ParamIndex(ME->getBase()), Loc = ME->getOperatorLoc();
      } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
        if (U->getOpcode() == UO_Deref)
          P = ParamIndex(U->getSubExpr()), Loc = U->getOperatorLoc();
      } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(S)) {
        P = ParamIndex(AS->getBase()), Loc = AS->getExprLoc();
      } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
        if (const FunctionDecl *Callee = CE->getDirectCallee())
          if (const Summary *CSum = Lookup(Callee))
            for (auto &[J, L] : CSum->DerefParams)
              if (J < (int)CE->getNumArgs() && ParamIndex(CE->getArg(J)) >= 0) {
                P = ParamIndex(CE->getArg(J));
                Loc = CE->getExprLoc();
                break;
              }
      }
      if (P >= 0 && !Found.count(P) && Mandatory(B))
        Found[P] = Loc;
    }
  for (auto &KV : Found)
    Result.S.DerefParams.push_back(KV);
}

void Walker::trackPointers(const Stmt *S, ContextState &St) {
  // A read with an accessor whose requirement is one section (or, for an
  // RCU-any list iterator, whichever flavour is held).
  auto AA = AccessorAssign.find(S);
  if (AA != AccessorAssign.end()) {
    const PtrPath &Place = AA->second.first;
    forget(St, Place);
    if (auto P = readWith(AA->second.second, St))
      St.Ptrs[Place] = *P;
    return;
  }
  // Stores: the value's provenance follows it (copies, &p->f, container_of,
  // a function returning an RCU-protected pointer); any other store forgets
  // what the place held.
  auto Store = [&](const PtrPath &L, const Expr *RHS) {
    std::optional<RcuPointer> P = provenance(RHS, St);
    forget(St, L);
    if (P)
      St.Ptrs[L] = *P;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      if (auto L = pathOf(BO->getLHS()))
        Store(*L, BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    if (DS->isSingleDecl())
      if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
        if (VD->getInit())
          Store(PtrPath{VD, ""}, VD->getInit());
    return;
  }
  if (St.Ptrs.empty())
    return;
  // A stale pointer handed to a function that dereferences it.
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    const Summary *CSum = Collect && Callee ? Lookup(Callee) : nullptr;
    for (auto &[K, DerefLoc] : CSum ? CSum->DerefParams : std::vector<std::pair<int, SourceLocation>>()) {
      if (K >= (int)CE->getNumArgs())
        continue;
      std::optional<RcuPointer> P = provenance(CE->getArg(K), St);
      auto Place = pathOf(CE->getArg(K));
      SourceLocation ArgLoc = CE->getArg(K)->getExprLoc();
      if (!P || !P->Stale || !StaleReported.insert({ArgLoc.getRawEncoding(), Place ? *Place : PtrPath{}}).second)
        continue;
      std::string Name = "'" + (Place ? pathName(*Place) : FX.textOf(CE->getArg(K))) + "'";
      std::string Section = describeSection(P->Key);
      if (Section.rfind("an ", 0) == 0)
        Section = Section.substr(3);
      Finding F;
      F.Check = CheckId::StalePointer;
      F.Loc = ArgLoc;
      F.Message = Name + " is passed to '" + Callee->getNameAsString() +
                  "', which dereferences it, after the " + Section + " it was read in ended";
      F.Notes.push_back({P->ReadLoc, Name + " is read with " + P->Accessor + " here"});
      if (P->EndLoc.isValid())
        F.Notes.push_back({P->EndLoc, sectionNoun(P->Key) + " ended here"});
      F.Notes.push_back({DerefLoc, "'" + Callee->getNameAsString() + "' dereferences it here"});
      Result.Findings.push_back(F);
    }
  }
  // Taking a place's address lets it escape: stop following it.
  if (const auto *U = dyn_cast<UnaryOperator>(S))
    if (U->getOpcode() == UO_AddrOf)
      if (auto P = pathOf(U->getSubExpr()))
        forget(St, *P);
  // A dereference of a stale pointer.
  std::optional<PtrPath> Used;
  SourceLocation UseLoc;
  if (const auto *ME = dyn_cast<MemberExpr>(S)) {
    if (ME->isArrow()) {
      Used = pathOf(ME->getBase());
      UseLoc = ME->getOperatorLoc();
    }
  } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
    if (U->getOpcode() == UO_Deref) {
      Used = pathOf(U->getSubExpr());
      UseLoc = U->getOperatorLoc();
    }
  } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(S)) {
    Used = pathOf(AS->getBase());
    UseLoc = AS->getExprLoc();
  }
  auto It = Used ? St.Ptrs.find(*Used) : St.Ptrs.end();
  if (!Collect || It == St.Ptrs.end() || !It->second.Stale ||
      !StaleReported.insert({UseLoc.getRawEncoding(), *Used}).second)
    return;
  const RcuPointer &P = It->second;
  std::string Name = "'" + pathName(*Used) + "'";
  Finding F;
  F.Check = CheckId::StalePointer;
  F.Loc = UseLoc;
  std::string Section = describeSection(P.Key);
  if (Section.rfind("an ", 0) == 0)
    Section = Section.substr(3);
  F.Message = Name + " is dereferenced after the " + Section + " it was read in ended";
  F.Notes.push_back({P.ReadLoc, Name + " is read with " + P.Accessor + " here"});
  if (P.EndLoc.isValid())
    F.Notes.push_back({P.EndLoc, sectionNoun(P.Key) + " ended here"});
  Result.Findings.push_back(F);
}

void Walker::transferElement(const CFGElement &E, ContextState &St, unsigned V, bool &Dead) {
  if (auto CS = E.getAs<CFGStmt>()) {
    const Stmt *S = CS->getStmt();
    auto OwnIt = Owner.find(S);
    if (OwnIt != Owner.end()) {
      const MacroInvocation *Inv = OwnIt->second;
      auto First = FirstElem[Inv];
      if (First.first == CurBlock && First.second == CurIndex) {
        const FunctionRule *R = FX.rules().lookup(Inv->Name, true);
        applySteps(FX.resolve(*R, macroArgs(Inv), FD), SM.getExpansionLoc(Inv->NameLoc), Inv->Name,
                   true, St, V);
      }
      return; // the macro's insides are its implementation, not events
    }
    if (const auto *CE = dyn_cast<CallExpr>(S))
      handleCall(CE, St, V, Dead);
    trackPointers(S, St);
    return;
  }
  if (auto CF = E.getAs<CFGCleanupFunction>()) {
    const VarDecl *VD = CF->getVarDecl();
    auto It = GuardDelta.find(VD);
    if (It != GuardDelta.end()) {
      SourceLocation Loc = CurBlock < Cfg->getNumBlockIDs() ? VD->getLocation() : SourceLocation();
      for (auto &C : It->second.Counters) {
        St.setCounter(C.first, St.counter(C.first).shift(-C.second));
        if (C.second > 0)
          St.LastRelease[C.first] = Loc;
      }
      // A spinning lock's preemption count is undone with it, unless the
      // counter delta above already undid it (then it would count twice:
      // found by fuzz/run.py, test/lit/fuzz/guard-callee-ends-sched-section.c).
      bool PreemptUndone = false;
      for (auto &C : It->second.Counters)
        PreemptUndone |= C.first == ctx::Preempt;
      for (auto &L : It->second.Locks) {
        auto Sp = St.LockSpins.find(L.first);
        if (!PreemptUndone && (Sp == St.LockSpins.end() || Sp->second))
          St.setCounter(ctx::Preempt, St.counter(ctx::Preempt).shift(-1));
        St.setLock(L.first, LockSet::of(LB_Unheld));
        St.LastRelease[L.first] = Loc;
      }
    }
  }
}

PState Walker::transferBlock(const CFGBlock *B, PState In, unsigned V) {
  if (!In)
    return In;
  ContextState St = *In;
  bool Dead = false;
  CurBlock = B->getBlockID();
  CurIndex = 0;
  for (const CFGElement &E : *B) {
    transferElement(E, St, V, Dead);
    if (Dead)
      return std::nullopt;
    ++CurIndex;
  }
  return St;
}

static const Expr *stripNot(const Expr *E, bool &Neg);

std::vector<unsigned> Walker::testedIntegerParams() const {
  std::vector<unsigned> Out;
  std::vector<const Stmt *> Work{FD->getBody()};
  auto Consider = [&](const Expr *Cond) {
    if (!Cond)
      return;
    bool Neg;
    if (const auto *DR = dyn_cast<DeclRefExpr>(stripNot(Cond, Neg)))
      for (unsigned I = 0; I < FD->getNumParams(); ++I)
        if (FD->getParamDecl(I) == DR->getDecl() &&
            FD->getParamDecl(I)->getType()->isIntegerType() &&
            std::find(Out.begin(), Out.end(), I) == Out.end())
          Out.push_back(I);
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
    // A parameter that is assigned is not a mode: its value changes.
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->isAssignmentOp())
        if (const auto *DR = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          for (unsigned I = 0; I < FD->getNumParams(); ++I)
            if (FD->getParamDecl(I) == DR->getDecl())
              Out.erase(std::remove(Out.begin(), Out.end(), I), Out.end());
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

static const Expr *stripNot(const Expr *E, bool &Neg) {
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

PState Walker::edge(const CFGBlock *From, unsigned SuccIdx, const PState &OutS, unsigned V) {
  if (!OutS)
    return OutS;
  const Stmt *T = From->getTerminatorCondition();
  const Expr *Cond = dyn_cast_or_null<Expr>(T);
  if (!Cond || From->succ_size() != 2)
    return OutS;
  bool Neg;
  const Expr *C = stripNot(Cond, Neg);
  bool TrueEdge = (SuccIdx == 0) != Neg;
  // A mode parameter: only the edge matching this partition's value is taken.
  if (const auto *DR = dyn_cast<DeclRefExpr>(C))
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      if (FD->getParamDecl(I) == DR->getDecl())
        if (auto Val = paramValue(I, V))
          if (*Val != TrueEdge)
            return std::nullopt;
  // A trylock: the lock is held on the edge where it succeeded.
  const FunctionRule *R = nullptr;
  SiteArgs Args;
  SourceLocation Loc = C->getExprLoc();
  const MacroInvocation *Inv = nullptr;
  auto OwnIt = Owner.find(C);
  if (OwnIt != Owner.end()) {
    Inv = OwnIt->second;
    R = FX.rules().lookup(Inv->Name, true);
    Args = macroArgs(Inv);
    Loc = SM.getExpansionLoc(Inv->NameLoc);
  } else if (const auto *CE = dyn_cast<CallExpr>(C)) {
    if (const FunctionDecl *F = CE->getDirectCallee()) {
      R = FX.rules().lookup(F->getNameAsString(), false);
      Args = {CE->getNumArgs(), [CE](unsigned I) -> const Expr * { return CE->getArg(I); }};
      // A function that returns a try-lock's result: the same edges.
      const Summary *CS = R ? nullptr : Lookup(F);
      if (CS && CS->ReturnsTryLock && TrueEdge != CS->ReturnsTryLock->SuccessZero) {
        ResolvedStep A;
        A.Op = StepOp::Acquire;
        A.Key = resolveKeyAt(CS->ReturnsTryLock->Key, argClasses(CE));
        A.Modes = CS->ReturnsTryLock->Modes;
        A.Spins = CS->ReturnsTryLock->Spins;
        if (A.Key.empty())
          return OutS;
        ContextState St = *OutS;
        bool SavedCollect = Collect;
        Collect = false;
        applySteps({A}, Loc, F->getNameAsString(), false, St, V);
        Collect = SavedCollect;
        return St;
      }
    }
  }
  if (!R)
    return OutS;
  std::vector<ResolvedStep> Steps;
  std::vector<std::string> Yields;
  for (const ResolvedStep &S : FX.resolve(*R, Args, FD)) {
    if (S.Op == StepOp::Yield && S.OnTrue && TrueEdge)
      Yields.push_back(S.Key);
    if (S.Op == StepOp::TryAcquire && TrueEdge != S.SuccessZero) {
      ResolvedStep A = S;
      A.Op = StepOp::Acquire;
      Steps.push_back(A);
    }
  }
  if (Steps.empty() && Yields.empty())
    return OutS;
  ContextState St = *OutS;
  for (const std::string &K : Yields)
    markStale(St, K, Loc, true);
  bool SavedCollect = Collect;
  Collect = false;
  applySteps(Steps, Loc, R->Name, Inv != nullptr, St, V);
  Collect = SavedCollect;
  return St;
}

void Walker::dropAssertedImpossible() {
  for (auto &KV : Failing) {
    unsigned V = KV.first;
    const std::set<unsigned> &Bad = KV.second;
    // Blocks on some entry-to-exit path in this partition avoiding the
    // failing assertions: forward from the entry, backward from the exit.
    auto Walk = [&](bool Forward) {
      llvm::BitVector Seen(Cfg->getNumBlockIDs());
      const CFGBlock *Start = Forward ? &Cfg->getEntry() : &Cfg->getExit();
      std::vector<const CFGBlock *> Work{Start};
      Seen.set(Start->getBlockID());
      while (!Work.empty()) {
        const CFGBlock *B = Work.back();
        Work.pop_back();
        if (Forward) {
          unsigned Idx = 0;
          for (auto SI = B->succ_begin(); SI != B->succ_end(); ++SI, ++Idx) {
            const CFGBlock *S = *SI;
            if (!S || Seen.test(S->getBlockID()) || Bad.count(S->getBlockID()) ||
                !edge(B, Idx, Out[B->getBlockID()][V], V))
              continue;
            Seen.set(S->getBlockID());
            Work.push_back(S);
          }
        } else {
          for (auto PI = B->pred_begin(); PI != B->pred_end(); ++PI) {
            const CFGBlock *P = *PI;
            if (!P || Seen.test(P->getBlockID()) || Bad.count(P->getBlockID()))
              continue;
            if (!edgeInto(P, B, V))
              continue;
            Seen.set(P->getBlockID());
            Work.push_back(P);
          }
        }
      }
      return Seen;
    };
    llvm::BitVector Fwd = Walk(true), Bwd = Walk(false);
    auto Possible = [&](const Site &S) { return Fwd.test(S.Block) && Bwd.test(S.Block); };
    Obls.erase(std::remove_if(Obls.begin(), Obls.end(),
                              [&](const SitedObligation &P) {
                                return P.Partition == V && !Possible(Site{P.Block, P.Index});
                              }),
               Obls.end());
    Violations.erase(
        std::remove_if(Violations.begin(), Violations.end(),
                       [&](const PendingFinding &P) { return P.Partition == V && !Possible(P.S); }),
        Violations.end());
    for (CallRecord &C : Result.Detail.Calls)
      if (!Possible(Site{C.Block, C.Index}))
        C.States.erase(std::remove_if(C.States.begin(), C.States.end(),
                                      [&](const CallRecord::At &A) { return A.Partition == V; }),
                       C.States.end());
  }
}

Walker::Balance Walker::balanceOf(const ContextState &St, const std::string &K,
                                  bool IsLock) const {
  if (IsLock) {
    LockSet S = St.lock(K);
    if (S.definitelyHeld())
      return Balance::Held;
    if (S.only(LB_Unheld) || (S.only(LB_Entry) && AcquiredFromEntry.count(K)))
      return Balance::Free;
    return Balance::Other;
  }
  Interval D = St.counter(K);
  if (D.isExact() && D.Lo >= 1)
    return Balance::Held;
  if (D.isExact() && D.Lo == 0)
    return Balance::Free;
  return Balance::Other;
}

Finding Walker::imbalanceFinding(const std::string &K, bool IsLock, SourceLocation Loc,
                                 const ContextState &St) const {
  Finding F;
  F.Check = CheckId::Unbalanced;
  F.Loc = Loc;
  F.Message = "returns with " + (IsLock ? quoted(K) : describeSection(K)) +
              " held on this path but not on others";
  auto A = St.LastAcquire.find(K);
  if (A != St.LastAcquire.end())
    F.Notes.push_back({A->second, IsLock ? quoted(K) + " acquired here"
                                         : sectionNoun(K) + " begins here"});
  return F;
}

/// A join where one incoming path holds a context and another does not,
/// after which nothing takes or drops it again before returning: the two
/// paths return in different states. Reported at the end of the path that
/// still holds it (typically a `goto` past the unlock).
void Walker::checkJoins() {
  if (!Collect)
    return;
  if (Released.empty())
    return; // only a context given up somewhere can be unbalanced
  const CFGBlock &Exit = Cfg->getExit();
  // Keys touched anywhere from a block on (itself included) are not judged
  // at a join there: one backward pass to a fixpoint, not a walk per join.
  std::vector<std::set<std::string>> LaterOf(Cfg->getNumBlockIDs());
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (auto It = Rpo.rbegin(); It != Rpo.rend(); ++It) {
      const CFGBlock *X = *It;
      std::set<std::string> &L = LaterOf[X->getBlockID()];
      size_t Before = L.size();
      auto T = Touched.find(X->getBlockID());
      if (T != Touched.end())
        L.insert(T->second.begin(), T->second.end());
      for (const CFGBlock *S : X->succs())
        if (S && S != X)
          L.insert(LaterOf[S->getBlockID()].begin(), LaterOf[S->getBlockID()].end());
      Changed |= L.size() != Before;
    }
  }
  for (const CFGBlock *B : Rpo) {
    if (B->pred_size() < 2 || B == &Exit)
      continue;
    const std::set<std::string> &Later = LaterOf[B->getBlockID()];
    for (const std::vector<unsigned> &Group : imbalanceGroups()) {
      struct Edge {
        const CFGBlock *From;
        ContextState St;
      };
      std::vector<Edge> Edges;
      for (unsigned V : Group)
        for (auto PI = B->pred_begin(); PI != B->pred_end(); ++PI) {
          const CFGBlock *P = *PI;
          if (!P || P->hasNoReturnElement())
            continue;
          if (PState E = edgeInto(P, B, V))
            Edges.push_back({P, *E});
        }
      std::set<std::string> Keys;
      for (auto &E : Edges) {
        for (auto &KV : E.St.Locks)
          Keys.insert(KV.first);
        for (auto &KV : E.St.Counters)
          Keys.insert(KV.first);
      }
      for (const std::string &K : Keys) {
        if (Later.count(K) || K == ctx::Preempt || ctx::paramOf(K) >= 0 || !Released.count(K) ||
            handsOver(K))
          continue;
        bool IsLock = false;
        for (auto &E : Edges)
          IsLock |= E.St.Locks.count(K) > 0;
        std::vector<const Edge *> Held;
        bool AnyFree = false;
        for (auto &E : Edges) {
          Balance B = balanceOf(E.St, K, IsLock);
          if (B == Balance::Held)
            Held.push_back(&E);
          AnyFree |= B == Balance::Free;
        }
        if (Held.empty() || !AnyFree)
          continue;
        for (const Edge *E : Held) {
          SourceLocation Loc;
          if (const Stmt *T = E->From->getTerminatorStmt())
            Loc = T->getBeginLoc();
          else
            for (auto It = E->From->rbegin(); It != E->From->rend() && Loc.isInvalid(); ++It)
              if (auto CS = It->getAs<CFGStmt>())
                Loc = CS->getStmt()->getBeginLoc();
          if (Loc.isValid())
            Result.Findings.push_back(imbalanceFinding(K, IsLock, Loc, E->St));
        }
      }
    }
  }
}

void Walker::checkReturns() {
  const CFGBlock &Exit = Cfg->getExit();
  struct Ret {
    ContextState St;
    SourceLocation Loc;
    const Expr *Value = nullptr;
  };
  // Per partition: its returns, and the joined exit effect for callers.
  std::vector<std::vector<Ret>> RetsOf(NP);
  for (unsigned V = 0; V < NP; ++V) {
    PState Joined;
    for (const CFGBlock *P : Exit.preds()) {
      if (!P || P->hasNoReturnElement())
        continue;
      PState S = edgeInto(P, &Exit, V);
      if (!S)
        continue;
      Ret R{*S, FD->getBody()->getEndLoc(), nullptr};
      for (auto It = P->rbegin(); It != P->rend(); ++It)
        if (auto CS = It->getAs<CFGStmt>()) {
          if (const auto *RS = dyn_cast<ReturnStmt>(CS->getStmt())) {
            R.Loc = RS->getReturnLoc();
            R.Value = RS->getRetValue();
          }
          break;
        }
      if (const auto *RS = dyn_cast_or_null<ReturnStmt>(P->getTerminatorStmt())) {
        R.Loc = RS->getReturnLoc();
        R.Value = RS->getRetValue();
      }
      Joined = Joined ? Joined->join(*S) : *S;
      RetsOf[V].push_back(R);
    }
    if (Joined)
      Result.S.Exits.push_back({valuation(V), *Joined});
  }
  // Does it hand out a pointer its caller's section protects? Every
  // return gives NULL or such a pointer, read in one section at one depth
  // and not ended since.
  if (FD->getReturnType()->isPointerType()) {
    std::optional<ReturnedRcuPointer> Ret;
    bool Ok = true, Any = false;
    for (unsigned V = 0; V < NP && Ok; ++V)
      for (const auto &R : RetsOf[V]) {
        if (!R.Value) {
          Ok = false;
          break;
        }
        if (R.Value->isNullPointerConstant(FX.astContext(), Expr::NPC_ValueDependentIsNull))
          continue;
        std::optional<RcuPointer> P = provenance(R.Value, R.St);
        if (!P || P->Stale) {
          Ok = false;
          break;
        }
        ReturnedRcuPointer This{P->Key, P->ReadDepth};
        if (Ret && !(*Ret == This)) {
          Ok = false;
          break;
        }
        Ret = This;
        Any = true;
      }
    if (Ok && Any)
      Result.S.ReturnsRcu = Ret;
  }
  if (!Collect)
    return;

  for (const std::vector<unsigned> &Group : imbalanceGroups()) {
    std::vector<Ret> Rets;
    for (unsigned V : Group)
      Rets.insert(Rets.end(), RetsOf[V].begin(), RetsOf[V].end());
    if (Rets.size() < 2)
      continue;
    // Counters: a depth that differs between returns.
    std::set<std::string> Keys;
    for (auto &R : Rets)
      for (auto &KV : R.St.Counters)
        Keys.insert(KV.first);
    for (const std::string &K : Keys) {
      if (K == ctx::Preempt || !Released.count(K) || handsOver(K))
        continue; // preemption follows the spinning locks, reported by name
      // Entered on some path and not left, where another path returns as it
      // came in, and no path is in doubt. (A function that only sometimes
      // *leaves* a section, like a guard's `if (_T) unlock` destructor, is a
      // protocol: its depths go below entry, which is neither held nor free.)
      bool AnyFree = false, AnyOther = false;
      for (auto &R : Rets) {
        Balance B = balanceOf(R.St, K, false);
        AnyFree |= B == Balance::Free;
        AnyOther |= B == Balance::Other;
      }
      if (AnyOther || !AnyFree)
        continue;
      for (auto &R : Rets)
        if (balanceOf(R.St, K, false) == Balance::Held)
          Result.Findings.push_back(imbalanceFinding(K, false, R.Loc, R.St));
    }
    // Locks: held at some returns, released at others.
    std::set<std::string> LKeys;
    for (auto &R : Rets)
      for (auto &KV : R.St.Locks)
        LKeys.insert(KV.first);
    for (const std::string &K : LKeys) {
      if (ctx::paramOf(K) >= 0 || !Released.count(K) || handsOver(K))
        continue;
      std::vector<const Ret *> Held, Free;
      for (auto &R : Rets) {
        Balance B = balanceOf(R.St, K, true);
        if (B == Balance::Held)
          Held.push_back(&R);
        else if (B == Balance::Free)
          Free.push_back(&R);
      }
      if (Held.empty() || Free.empty())
        continue;
      // A conditional acquirer (returns true with the lock, false without) is
      // a protocol, not an imbalance.
      auto ConstVal = [&](const Ret *R) -> std::optional<bool> {
        bool B;
        if (R->Value && R->Value->EvaluateAsBooleanCondition(B, FX.astContext()))
          return B;
        return std::nullopt;
      };
      std::optional<bool> HV = ConstVal(Held.front()), FV = ConstVal(Free.front());
      bool Protocol = HV && FV && *HV != *FV;
      // ... but returning an error code (-ENOMEM) with the lock is a leak.
      Expr::EvalResult HeldVal;
      if (Protocol && Held.front()->Value &&
          Held.front()->Value->EvaluateAsInt(HeldVal, FX.astContext()) &&
          HeldVal.Val.getInt().isSigned() && HeldVal.Val.getInt().isNegative())
        Protocol = false;
      for (auto *R : Held)
        Protocol &= ConstVal(R) == HV;
      for (auto *R : Free)
        Protocol &= ConstVal(R) == FV;
      if (Protocol) {
        for (auto &X : Result.S.Exits)
          for (unsigned V : Group)
            if (X.When == valuation(V))
              X.State.setLock(K, LockSet::of(LB_Entry | LockSet::Absolute));
        continue;
      }
      for (const Ret *R : Held)
        Result.Findings.push_back(imbalanceFinding(K, true, R->Loc, R->St));
    }
  }
}

FunctionResult Walker::run() {
  Result.S.Name = fnName();
  if (!FD->hasBody() || !buildCfg()) {
    Result.S.Computed = true;
    Result.S.Exits.push_back({{}, ContextState()});
    return Result;
  }
  // Mode parameters, followed per value: `bool shared` first, then integer
  // parameters the body tests directly (`if (flags)`), at most three.
  for (unsigned I = 0; I < FD->getNumParams() && Tracked.size() < 3; ++I)
    if (FD->getParamDecl(I)->getType()->isBooleanType())
      Tracked.push_back(I);
  for (unsigned I : testedIntegerParams())
    if (Tracked.size() < 3 && std::find(Tracked.begin(), Tracked.end(), (int)I) == Tracked.end())
      Tracked.push_back(I);
  NP = 1u << Tracked.size();
  indexElements();

  unsigned NB = Cfg->getNumBlockIDs();
  In.assign(NB, std::vector<PState>(NP));
  Out.assign(NB, std::vector<PState>(NP));
  std::vector<unsigned> Visits(NB, 0);
  unsigned EntryId = Cfg->getEntry().getBlockID();
  for (unsigned V = 0; V < NP; ++V)
    In[EntryId][V] = ContextState();

  auto ComputeIn = [&](const CFGBlock *B, unsigned V) -> PState {
    if (B->getBlockID() == EntryId)
      return ContextState();
    PState R;
    for (auto PI = B->pred_begin(); PI != B->pred_end(); ++PI) {
      const CFGBlock *P = *PI;
      if (!P || P->hasNoReturnElement())
        continue;
      PState E = edgeInto(P, B, V);
      if (E)
        R = R ? R->join(*E) : *E;
    }
    return R;
  };

  // Round-robin in reverse post-order to a fixpoint; widening at blocks
  // visited often keeps loops that nest a section per iteration finite.
  bool Changed = true;
  unsigned Rounds = 0;
  while (Changed && Rounds++ < 200) {
    Changed = false;
    for (const CFGBlock *B : Rpo) {
      unsigned Id = B->getBlockID();
      for (unsigned V = 0; V < NP; ++V) {
        PState NewIn = ComputeIn(B, V);
        PState &Old = In[Id][V];
        if (Old && NewIn) {
          if (++Visits[Id] > 3 * NP)
            NewIn = Old->widen(Old->join(*NewIn));
          else
            NewIn = Old->join(*NewIn);
        }
        bool Same = (!Old && !NewIn) || (Old && NewIn && Old->sameValue(*NewIn));
        if (Same && Out[Id][V].has_value() == NewIn.has_value() && Rounds > 1)
          continue;
        Old = NewIn;
        PState NewOut = transferBlock(B, NewIn, V);
        PState &O = Out[Id][V];
        bool OutSame = (!O && !NewOut) || (O && NewOut && O->sameValue(*NewOut));
        if (!OutSame)
          Changed = true;
        O = NewOut;
      }
    }
  }

  // Collect: one pass over the fixpoint states.
  Collect = true;
  for (const CFGBlock *B : Rpo)
    for (unsigned V = 0; V < NP; ++V)
      if (In[B->getBlockID()][V])
        Out[B->getBlockID()][V] = transferBlock(B, In[B->getBlockID()][V], V);
  Result.S.TrackedParams = Tracked;
  dropAssertedImpossible();
  for (PendingFinding &P : Violations)
    Result.Findings.push_back(std::move(P.F));
  if (Opts.KeepDetail) {
    Result.Detail.Obls = Obls;
  }
  std::vector<std::vector<unsigned>> Succs(Cfg->getNumBlockIDs());
  for (const CFGBlock *B : *Cfg)
    for (const CFGBlock *Succ : B->succs())
      if (Succ)
        Succs[B->getBlockID()].push_back(Succ->getBlockID());
  if (Opts.KeepDetail)
    Result.Detail.Succs = Succs;
  BlockReach Reach(std::move(Succs));
  Judgement J = judgeObligations(
      Obls, [&](unsigned Anchor, unsigned Other) { return Reach.onOnePath(Anchor, Other); },
      Opts.Strict);
  Result.S.Obligations = std::move(J.Exported);
  Result.S.Conflicts = std::move(J.Conflicts);
  Result.Findings.insert(Result.Findings.end(), J.Findings.begin(), J.Findings.end());
  checkReturns();
  checkJoins();
  findDerefParams();
  findTryLockWrapper();
  Result.S.Computed = true;
  for (Finding &F : Result.Findings)
    nameParams(F);
  return Result;
}

void Walker::nameParams(Finding &F) const {
  // "'$1'" is this function's parameter 1: say its name. Only in text about
  // this function (notes from callees speak of their own parameters).
  auto Rename = [&](std::string &Text) {
    for (unsigned I = FD->getNumParams(); I-- > 0;) {
      std::string Key = "'$" + std::to_string(I) + "'";
      std::string Name = "'" + FD->getParamDecl(I)->getNameAsString() + "'";
      for (size_t P = Text.find(Key); P != std::string::npos; P = Text.find(Key, P + Name.size()))
        Text.replace(P, Key.size(), Name);
    }
  };
  SourceRange R = FD->getSourceRange();
  auto Inside = [&](SourceLocation L) {
    L = SM.getExpansionLoc(L);
    return L.isValid() && !SM.isBeforeInTranslationUnit(L, SM.getExpansionLoc(R.getBegin())) &&
           !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(R.getEnd()), L);
  };
  if (Inside(F.Loc))
    Rename(F.Message);
  for (Note &N : F.Notes)
    if (Inside(N.Loc))
      Rename(N.Text);
}

} // namespace

FunctionResult rcuctx::analyzeFunction(const FunctionDecl *FD, const FactExtractor &FX,
                                       const SummaryLookup &Lookup, const AnalysisOptions &Opts) {
  Walker W(FD, FX, Lookup, Opts);
  return W.run();
}
