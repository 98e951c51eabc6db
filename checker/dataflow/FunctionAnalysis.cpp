// The driver of one function's analysis: builds the CFG and the indexes,
// runs the dataflow engine with the context lattice's transfer functions to
// a fixpoint, collecting obligations and findings on it (in the same pass
// where the code is acyclic, in a second one otherwise: walk()), then
// judges what was collected and derives the summary. Each step lives in its
// own room; this file only says in which order they run.
#include "dataflow/FunctionAnalysis.h"

#include "bodyfacts/BodyFacts.h"
#include "bodyfacts/HandOff.h"
#include "bodyfacts/ReturnClasses.h"
#include "checks/AssertionPruning.h"
#include "checks/SkippedReacquire.h"
#include "checks/TaskRunningNeeds.h"
#include "checks/Imbalance.h"
#include "dataflow/BlockReach.h"
#include "dataflow/Engine.h"
#include "dataflow/FunctionScope.h"
#include "lattice/LockNesting.h"
#include "lockorder/EveryPath.h"
#include "report/ParamNames.h"
#include "transfer/BlockTransfer.h"

#include <algorithm>
#include <optional>

using namespace clang;
using namespace rcuctx;

bool rcuctx::callChangesContext(const FunctionDecl *Callee, const FactExtractor &FX,
                                const SummaryLookup &Lookup) {
  if (const FunctionRule *R = FX.rules().lookup(Callee->getNameAsString(), /*IsMacro=*/false)) {
    for (const RuleStep &St : R->Steps)
      switch (St.Op) {
      case StepOp::Enter:
      case StepOp::Exit:
      case StepOp::Acquire:
      case StepOp::Release:
      case StepOp::TryAcquire:
      case StepOp::Downgrade:
      case StepOp::Forget:
        return true;
      default:
        break;
      }
    if (!R->augmentsBody())
      return false;
  }
  const Summary *S = Lookup(Callee);
  if (!S)
    return false;
  for (const ExitEffect &E : S->Exits) {
    for (auto &KV : E.State.Locks)
      if (KV.second != LockSet::entry())
        return true;
    for (auto &KV : E.State.Counters)
      if (KV.second != Interval())
        return true;
  }
  return false;
}

static std::unique_ptr<CFG> buildCfg(const FunctionDecl *FD, ASTContext &Ctx) {
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true; // cleanup-attribute calls (guard(), scoped_guard())
  BO.AddInitializers = true;
  BO.PruneTriviallyFalseEdges = true;
  BO.setAllAlwaysAdd(); // every subexpression an element: dereferences are events too
  return CFG::buildCFG(FD, FD->getBody(), &Ctx, BO);
}

/// Per partition, the paths reaching the exit; their join is the function's
/// exit effect in that partition (Summary::Exits).
static std::vector<std::vector<ReturnPath>> collectReturns(const FunctionEnv &Env,
                                                           const FixpointView &Fix, Summary &S) {
  const CFGBlock &Exit = Env.Cfg->getExit();
  std::vector<std::vector<ReturnPath>> Returns(Env.Parts.count());
  for (unsigned V = 0; V < Env.Parts.count(); ++V) {
    PState Joined;
    for (const CFGBlock *P : Exit.preds()) {
      if (!P || P->hasNoReturnElement())
        continue;
      PState St = Fix.edgeInto(P, &Exit, V);
      if (!St)
        continue;
      ReturnPath R{*St, Env.FD->getBody()->getEndLoc(), nullptr, P};
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
      Joined = Joined ? Joined->join(*St) : *St;
      Returns[V].push_back(R);
    }
    if (Joined)
      S.Exits.push_back({Env.Parts.valuation(V), *Joined});
  }
  return Returns;
}

/// The pending obligations judged together (summaries/Judge.h) over the
/// CFG's paths; what is left becomes the summary's requirements.
/// Which instance holds a class (LockNesting::HeldBy) is the function's
/// own business, keyed by its own expressions: not in what callers read.
static void forgetHolders(Summary &S) {
  for (ExitEffect &X : S.Exits)
    X.State.Nesting.HeldBy.clear();
  for (ClassExit &X : S.ByReturn)
    X.State.Nesting.HeldBy.clear();
  for (Obligation &O : S.Obligations)
    O.At.Nesting.HeldBy.clear();
}

/// Summary::LockObjectSets: the objects of the instances that hold a class
/// on every return that may leave it held (the paths' own states: the exits'
/// joins and per-class contexts keep no holders), where they are two or more and each is
/// what a parameter points to (InstanceObjects: FunctionScope).
static void noteObjectSets(Summary &S, const std::vector<std::vector<ReturnPath>> &Returns,
                           const std::map<std::string, std::string> &InstanceObjects) {
  std::map<std::string, std::optional<std::vector<std::string>>> Sets; // none: exits differ
  auto See = [&](const ContextState &St) {
    for (auto &KV : St.Locks) {
      const std::string &K = KV.first;
      auto Named = S.LockObjects.find(K);
      if (Named == S.LockObjects.end() || !Named->second.empty() || !KV.second.has(LockSet::Held))
        continue;
      std::vector<std::string> Objects;
      for (const std::string &I : holderSetList(St.Nesting.instancesOf(K))) {
        auto It = InstanceObjects.find(I);
        if (It == InstanceObjects.end() || It->second.empty()) {
          Objects.clear();
          break;
        }
        Objects.push_back(It->second);
      }
      std::sort(Objects.begin(), Objects.end());
      bool Apart = Objects.size() >= 2 && std::adjacent_find(Objects.begin(), Objects.end()) == Objects.end();
      auto [It, New] = Sets.try_emplace(K, Apart ? std::optional(Objects) : std::nullopt);
      if (!New && It->second && (!Apart || *It->second != Objects))
        It->second.reset();
    }
  };
  for (const std::vector<ReturnPath> &V : Returns)
    for (const ReturnPath &R : V)
      See(R.St);
  for (auto &KV : Sets)
    if (KV.second)
      S.LockObjectSets[KV.first] = *KV.second;
}

/// A need met in both arms of an if on runtime state is needed whatever the
/// data says: neither site is conditional. 6.12-style
/// `if (is_mirror_sp(sp)) { lockdep_assert_held_write(); ... } else {
/// tdp_mmu_link_sp(..., false); }` needs the write lock on every path, and a
/// caller holding it for read still contradicts it (Judge infers nothing
/// from a conditional need). Only one level: an if inside another guard
/// stays conditional.
static void settleBothArms(const FunctionEnv &Env, WalkRecord &Rec) {
  // Per guard if, the needs in each arm (pairs are compared within one if
  // only: a long function's many ifs stay apart).
  std::map<unsigned, std::vector<std::pair<size_t, unsigned>>> ByIf;
  for (size_t I = 0; I < Rec.Obls.size(); ++I) {
    const Obligation &O = Rec.Obls[I].O;
    if (!O.Conditional || O.CalleeConditional || O.K != Obligation::Need)
      continue;
    if (auto A = Env.Body.guardArm(O.Loc); A && !A->Nested)
      ByIf[A->If].push_back({I, A->Arm});
  }
  std::vector<size_t> Settled;
  for (auto &KV : ByIf)
    for (auto &X : KV.second)
      for (auto &Y : KV.second) {
        if (X.second == Y.second)
          continue;
        const Obligation &A = Rec.Obls[X.first].O, &B = Rec.Obls[Y.first].O;
        if (A.AnyOf == B.AnyOf && A.When == B.When && A.Check == B.Check) {
          Settled.push_back(X.first);
          break;
        }
      }
  for (size_t I : Settled)
    Rec.Obls[I].O.Conditional = false;
}

static void judge(const FunctionEnv &Env, WalkRecord &Rec) {
  const CFG &Cfg = *Env.Cfg;
  std::vector<std::vector<unsigned>> Succs(Cfg.getNumBlockIDs());
  for (const CFGBlock *B : Cfg)
    for (const CFGBlock *Succ : B->succs())
      if (Succ)
        Succs[B->getBlockID()].push_back(Succ->getBlockID());
  FunctionResult &Result = Rec.Result;
  if (Env.Opts.KeepDetail) {
    Result.Detail.Obls = Rec.Obls;
    Result.Detail.Succs = Succs;
  }
  // Reachability is asked only for pairs of obligations that would
  // contradict: built on the first question.
  std::optional<BlockReach> Reach;
  Judgement J = judgeObligations(
      Rec.Obls,
      [&](unsigned Anchor, unsigned Other) {
        if (!Reach)
          Reach.emplace(std::move(Succs));
        return Reach->onOnePath(Anchor, Other);
      },
      Env.Opts.Strict);
  Result.S.Obligations = std::move(J.Exported);
  Result.S.Conflicts = std::move(J.Conflicts);
  Result.Findings.insert(Result.Findings.end(), J.Findings.begin(), J.Findings.end());
}

namespace {
/// One walk of a function: what the transfer records, and the fixpoint.
struct Walk {
  WalkRecord Rec;
  BlockTransfer Transfer;
  ForwardEngine<BlockTransfer> Engine;
  explicit Walk(const FunctionEnv &Env)
      : Transfer(Env, Rec), Engine(*Env.Cfg, Env.Rpo, Env.Parts.count(), Transfer) {}
};
} // namespace

/// The fixpoint, with the findings and obligations collected on it.
/// Acyclic code is walked once, collecting as it goes: each block is then
/// transferred once per partition, from its final input. Where the walk's
/// records of lock expressions (WalkRecord::OnePass) could have answered
/// otherwise than complete ones, and around loops, the fixpoint comes first
/// and a second pass over it collects.
static std::unique_ptr<Walk> walk(const FunctionEnv &Env) {
  auto W = std::make_unique<Walk>(Env);
  if (Env.Opts.OnePass && W->Engine.acyclic()) {
    W->Rec.OnePass = W->Rec.Collect = true;
    W->Engine.solve();
    if (!W->Rec.Diverged)
      return W;
    W = std::make_unique<Walk>(Env);
  }
  W->Engine.solve();
  W->Rec.Collect = true;
  W->Engine.replay();
  return W;
}

FunctionResult rcuctx::analyzeFunction(const FunctionDecl *FD, const FactExtractor &FX,
                                       const SummaryLookup &Lookup, const AnalysisOptions &Opts) {
  std::unique_ptr<CFG> Cfg = FD->hasBody() ? buildCfg(FD, FX.astContext()) : nullptr;
  if (!Cfg) {
    // No body to walk: no requirement, no effect.
    FunctionResult R;
    R.S.Name = FD->getNameAsString();
    R.S.Computed = true;
    R.S.Exits.push_back({{}, ContextState()});
    return R;
  }
  std::vector<const CFGBlock *> Rpo = reversePostOrder(*Cfg);
  FunctionEnv Env(FD, FX, Lookup, Opts, std::move(Cfg), std::move(Rpo));
  std::unique_ptr<Walk> W = walk(Env);
  WalkRecord &Rec = W->Rec;
  BlockTransfer &Transfer = W->Transfer;
  ForwardEngine<BlockTransfer> &Engine = W->Engine;
  FunctionResult &Result = Rec.Result;
  Result.S.Name = Env.fnName();
  FixpointView Fix{[&](const CFGBlock *B, unsigned SuccIdx, unsigned V) {
                     return Transfer.edge(B, SuccIdx, Engine.out(B->getBlockID(), V), V);
                   },
                   Engine.edges()};
  Result.S.TrackedParams = Env.Parts.tracked();
  Result.S.ReleasesEntry.assign(Rec.ReleasesEntry.begin(), Rec.ReleasesEntry.end());
  // Conflicting objects too (""), so a recursive function's summary moves
  // one way only: named, then mixed.
  Result.S.LockObjects.insert(Rec.LockObjects.begin(), Rec.LockObjects.end());
  Result.S.ListWalks = Rec.ListWalks;
  for (auto &KV : Rec.ListUpdates) {
    Summary::ListUpdate &U = Result.S.ListUpdates[KV.first];
    U.Held.assign(KV.second.Held.begin(), KV.second.Held.end());
    U.Touched.assign(KV.second.Touched.begin(), KV.second.Touched.end());
  }

  // Judged on the fixpoint.
  markTakenOnEveryPath(*Env.Cfg, Rec.GuardedAcquires, Result.S.Acquires);
  dropAssertedImpossible(Env, Rec, Fix);
  keepOneTaskRunningNeed(Rec);
  noteSkippedReacquire(Env, Rec, Fix);
  settleBothArms(Env, Rec);
  for (PendingFinding &P : Rec.Violations)
    Result.Findings.push_back(std::move(P.F));
  judge(Env, Rec);
  std::vector<std::vector<ReturnPath>> Returns = collectReturns(Env, Fix, Result.S);
  Result.S.ReturnsRcu = Transfer.pointers().returned(Returns);
  Result.S.WritesRcu = Transfer.pointers().written(Returns);
  std::vector<std::vector<ReturnPath>> Classed =
      byReturnedClass(byConditionalArms(Returns, Fix), FX.astContext());
  carveConstant(Classed, FD->getReturnType()->isPointerType(), [&](const std::string &K) {
    return Rec.AcquiredFromEntry.count(K) && !Rec.ReleasesEntry.count(K); // as ImbalanceCheck::balanceOf()
  });
  HandOffs Hand(FD, FX);
  ImbalanceCheck Imbalance(Env, Rec, Hand, Fix);
  Imbalance.atReturns(Classed);
  Imbalance.atJoins(Fix);
  Imbalance.finish();

  // Facts for callers, from the body alone.
  Result.S.DerefParams = derefParamsOf(FD, *Env.Cfg, Env.Rpo, Lookup);
  Result.S.ReturnsTryLock = tryLockWrapperOf(FD, FX);
  Result.S.RefParams = refParamsOf(FD, FX, Lookup);
  Result.S.NullExitParams = nullExitParamsOf(FD);
  Result.S.ByReturn = classExitsOf(Classed, Env.Parts);
  Result.S.ReturnClasses = returnedClasses(FD, Returns);
  Result.S.Computed = true;
  noteObjectSets(Result.S, Returns, Rec.InstanceObjects);
  forgetHolders(Result.S);
  for (Finding &F : Result.Findings)
    nameParams(F, FD, Env.SM);
  return std::move(Result);
}

std::map<int, bool> CallRecord::At::modes(const std::vector<int> &Keys) const {
  std::map<int, bool> Out;
  for (int K : Keys) {
    int Arg = (int)modeParam(K);
    switch (modeKind(K)) {
    case ModeKind::Truth:
      if (auto It = Known.find(K); It != Known.end())
        Out[K] = It->second;
      break;
    case ModeKind::Equals:
      if (auto It = Consts.find(Arg); It != Consts.end())
        Out[K] = It->second == modeConstant(K);
      break;
    case ModeKind::Bit: {
      uint64_t Bit = uint64_t(1) << modeBitIndex(K);
      if (auto It = Consts.find(Arg); It != Consts.end())
        Out[K] = (uint64_t(It->second) & Bit) != 0;
      else if (auto B = Bits.find(Arg); B != Bits.end() && (uint64_t(B->second.first) & Bit))
        Out[K] = (uint64_t(B->second.second) & Bit) != 0;
      break;
    }
    case ModeKind::FieldEquals:
      if (auto It = Fields.find(Arg); It != Fields.end())
        if (auto F = It->second.find((int)modeField(K)); F != It->second.end())
          Out[K] = F->second == modeConstant(K);
      break;
    }
  }
  return Out;
}

std::map<int, bool> CallRecord::modesAt(const At &A, const std::vector<int> &Keys,
                                        const Valuation &Mine) const {
  std::map<int, bool> Out = A.modes(Keys);
  auto Own = [&](int Key) -> std::optional<bool> {
    for (auto &KV : Mine)
      if (KV.first == Key)
        return KV.second;
    return std::nullopt;
  };
  for (int K : Keys) {
    if (modeKind(K) != ModeKind::Equals || Out.count(K))
      continue;
    int Arg = (int)modeParam(K);
    int64_t C = modeConstant(K);
    if (auto Q = Passes.find(Arg); Q != Passes.end()) {
      if (auto V = Own(modeEquals(Q->second, C)))
        Out[K] = *V;
      continue;
    }
    auto F = PassesField.find(Arg);
    if (F == PassesField.end())
      continue;
    auto [P, Field] = F->second;
    if (C < ModeFieldConstants)
      if (auto V = Own(modeFieldEquals(P, Field, C))) {
        Out[K] = *V;
        continue;
      }
    // `ops->f == C2` holds here: not C.
    for (auto &KV : Mine)
      if (KV.second && modeKind(KV.first) == ModeKind::FieldEquals && (int)modeParam(KV.first) == P &&
          (int)modeField(KV.first) == Field && modeConstant(KV.first) != C)
        Out[K] = false;
  }
  return Out;
}
