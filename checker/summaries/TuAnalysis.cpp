#include "summaries/TuAnalysis.h"

#include "summaries/EntryPoints.h"
#include "facts/DeclaredContexts.h"
#include "facts/MainFile.h"
#include "facts/FunctionUses.h"
#include "summaries/ContractSummary.h"
#include "lockorder/IrqSafety.h"
#include "lockorder/LockGraph.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <optional>
#include <set>

using namespace clang;
using namespace rcuctx;

static const FunctionDecl *definitionOf(const FunctionDecl *FD) {
  const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
  return Def && Def->hasBody() ? Def : nullptr;
}

/// A contract's effects over its body's summary: the body's requirements,
/// conflicts, acquisitions and parameter facts, the contract's exits,
/// class exits, return classes and releases; the modes of both.
static Summary overBody(const Summary &Contract, const Summary &Body) {
  Summary M = Body;
  M.Exits = Contract.Exits;
  M.ByReturn = Contract.ByReturn;
  M.ReturnClasses = Contract.ReturnClasses;
  M.ReleasesEntry = Contract.ReleasesEntry;
  M.ReturnsTryLock.reset();
  for (int P : Contract.TrackedParams)
    if (std::find(M.TrackedParams.begin(), M.TrackedParams.end(), P) == M.TrackedParams.end())
      M.TrackedParams.push_back(P);
  for (const Acquisition &A : Contract.Acquires)
    M.Acquires.push_back(A);
  return M;
}

std::vector<const FunctionDecl *> TuAnalysis::callees(const FunctionDecl *FD,
                                                   PassedConstants &Passed) const {
  std::vector<const FunctionDecl *> Out;
  std::vector<const Stmt *> Work{FD->getBody()};
  auto Add = [&](const FunctionDecl *Callee) {
    const FunctionDecl *Def = definitionOf(Callee);
    // A function the rules describe is never analysed from its body, unless
    // the rule only adds to it.
    const FunctionRule *R = Def ? FX.rules().lookup(Def->getNameAsString(), false) : nullptr;
    // A contract's body too: its requirements join the contract's effects
    // for its callers here (Lookup), so it goes first.
    if (Def && (!R || R->augmentsBody() || R->isContract()))
      Out.push_back(Def);
  };
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      if (const FunctionDecl *Direct = CE->getDirectCallee()) {
        Add(Direct);
        if (const FunctionDecl *Def = definitionOf(Direct))
          for (unsigned I = 0; I < CE->getNumArgs() && I < Def->getNumParams(); ++I)
            if (CE->getArg(I)->getType()->isIntegralOrEnumerationType())
              if (auto V = modeConstantOf(CE->getArg(I), Ctx))
                Passed.add(Def, I, *V);
      } else if (Indirect) { // each target is analysed before its callers
        for (const IndirectResolution::Target &T : Indirect->resolve(CE, false).Targets)
          if (T.Fn)
            Add(T.Fn);
      }
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (const auto *CA = VD->getAttr<CleanupAttr>())
            Add(CA->getFunctionDecl());
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  // By position, not by address: the walk order, and with it the order of
  // the analysis and its output, must not change from run to run.
  std::sort(Out.begin(), Out.end(), [](const FunctionDecl *A, const FunctionDecl *B) {
    if (A->getLocation() != B->getLocation())
      return A->getLocation().getRawEncoding() < B->getLocation().getRawEncoding();
    return A < B;
  });
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return Out;
}

namespace {
/// How the file's code names functions (facts/FunctionUses.h), read the
/// first time it is asked for (most files never need it): from the slot
/// scan's walk when calls through pointers are resolved (the call graph has
/// usually made that walk already), else by a walk of its own.
class LazyUses {
public:
  LazyUses(ASTContext &Ctx, const IndirectTargets *Indirect) : Ctx(Ctx), Indirect(Indirect) {}
  const FunctionUses &get() {
    if (Indirect)
      return Indirect->functionUses();
    if (!Own)
      Own = scanFunctionUses(Ctx);
    return *Own;
  }

private:
  ASTContext &Ctx;
  const IndirectTargets *Indirect;
  std::optional<FunctionUses> Own;
};
} // namespace

/// Functions that run only while the kernel boots: a rule's `boot`
/// (rcu_init(), setup_IO_APIC()), and the static functions whose every use
/// in this file is a direct call from one (check_timer(), which only
/// setup_IO_APIC() calls). Edges: each function's callees.
static std::set<const FunctionDecl *>
bootOnly(const std::map<const FunctionDecl *, std::vector<const FunctionDecl *>> &Edges, const RuleSet &Rules,
         LazyUses &AllUses) {
  std::set<const FunctionDecl *> Boot;
  for (auto &KV : Edges)
    if (const FunctionRule *R = Rules.lookup(KV.first->getNameAsString(), false))
      for (const RuleStep &S : R->Steps)
        if (S.Op == StepOp::Boot)
          Boot.insert(KV.first);
  if (Boot.empty())
    return Boot;
  std::map<const FunctionDecl *, std::vector<const FunctionDecl *>> Callers;
  for (auto &KV : Edges)
    for (const FunctionDecl *C : KV.second)
      Callers[C].push_back(KV.first);
  const FunctionUses &Uses = AllUses.get();
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (auto &KV : Callers) {
      const FunctionDecl *F = KV.first;
      if (Boot.count(F) || F->isExternallyVisible() || Uses.isTaken(F))
        continue;
      bool All = !KV.second.empty();
      for (const FunctionDecl *C : KV.second)
        All &= Boot.count(C) > 0;
      if (All) {
        Boot.insert(F);
        Changed = true;
      }
    }
  }
  return Boot;
}

/// Per RCU list, the lock classes held for write at every update of it in
/// this file (Summary::ListUpdates), over the functions this file does not
/// only call directly (those are in their callers' updates, with the
/// callers' locks); none at all where some update's list cannot be named
/// ("?", or a link a caller in another file passes: any list could be it).
static std::map<std::string, std::vector<std::string>>
listUpdaters(const std::map<const FunctionDecl *, Summary> &Summaries, LazyUses &AllUses) {
  std::map<std::string, std::vector<std::string>> Out;
  std::map<std::string, std::optional<std::set<std::string>>> Common;
  bool Any = false;
  for (auto &KV : Summaries)
    Any |= !KV.second.ListUpdates.empty();
  if (!Any)
    return Out;
  const FunctionUses &Uses = AllUses.get();
  for (auto &KV : Summaries) {
    const FunctionDecl *F = KV.first;
    if (KV.second.ListUpdates.empty() ||
        (!F->isExternallyVisible() && !Uses.isTaken(F) && Uses.isCalled(F)))
      continue;
    for (auto &LU : KV.second.ListUpdates) {
      if (LU.first == "?" || ctx::isParamRef(LU.first))
        return Out;
      std::set<std::string> Held;
      for (const std::string &L : LU.second.Held)
        if (!ctx::isParamRef(L)) // another object each call: not the list's lock
          Held.insert(L);
      std::optional<std::set<std::string>> &C = Common[LU.first];
      if (!C) {
        C = Held;
        continue;
      }
      for (auto It = C->begin(); It != C->end();)
        It = Held.count(*It) ? std::next(It) : C->erase(It);
    }
  }
  for (auto &KV : Common)
    if (KV.second && !KV.second->empty())
      Out[KV.first].assign(KV.second->begin(), KV.second->end());
  return Out;
}

std::vector<Finding> TuAnalysis::run() {
  std::vector<Finding> Out = runOnce();
  // Two facts known only once every function is analysed, so a file where
  // they can change what it reports is analysed again with them. Rare
  // either way.
  // - An RCU list walked under the lock every update of it in this file
  //   holds needs no RCU there (FactExtractor::setListUpdaters()): again
  //   for an RCU-section finding (its findings are all that changes), or,
  //   where summaries are kept for the link, for a walk of such a list with
  //   no section known (its exported needs change).
  // - A field this file reads with a lockdep condition naming a lock
  //   (rtnl_dereference(in_dev->ifa_list)) changes only under that lock: a
  //   pointer read from it with the lock held stays valid after its section
  //   (FactExtractor::setProtectedFields()): again for a stale-pointer
  //   finding, the only kind it can take back (such a use becomes a need of
  //   the lock, for the callers).
  bool Again = false;
  if (!ListUpdaters.empty()) {
    for (const Finding &F : Out)
      Again |= F.Check == CheckId::RcuSection;
    if (Opts.KeepDetail)
      for (auto &KV : Summaries)
        for (const std::string &K : KV.second.ListWalks)
          Again |= ListUpdaters.count(K) > 0;
  }
  std::map<std::string, std::set<std::string>> Protected = FX.protectedReads();
  bool Stale = false;
  for (const Finding &F : Out)
    Stale |= F.Check == CheckId::StalePointer;
  Again |= Stale && !Protected.empty();
  if (!Again)
    return Out;
  std::map<std::string, std::vector<std::string>> Updaters = ListUpdaters;
  Summaries.clear();
  Details.clear();
  Entries.clear();
  OrderEdges.clear();
  Splits.clear();
  LookedUp.clear();
  Composed.clear();
  FX.setListUpdaters(&Updaters);
  FX.setProtectedFields(&Protected);
  Out = runOnce();
  FX.setListUpdaters(nullptr);
  FX.setProtectedFields(nullptr);
  return Out;
}

std::vector<Finding> TuAnalysis::runOnce() {
  const SourceManager &SM = Ctx.getSourceManager();
  Passed.clear(); // found again with the calls, below
  // Roots: functions defined in the main file.
  std::vector<const FunctionDecl *> Roots;
  MainFileSpan Main(SM);
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      if (FD->doesThisDeclarationHaveABody() && Main.contains(FD->getLocation()))
        Roots.push_back(FD);

  // Tarjan's SCCs, iteratively (call chains can be thousands deep), over
  // everything reachable from the roots. SCCs come out callees first.
  llvm::DenseMap<const FunctionDecl *, unsigned> Index, Low;
  llvm::DenseMap<const FunctionDecl *, bool> OnStack;
  std::vector<const FunctionDecl *> Stack;
  std::vector<std::vector<const FunctionDecl *>> Sccs;
  unsigned Next = 0;
  std::map<const FunctionDecl *, std::vector<const FunctionDecl *>> Edges;
  auto EdgesOf = [&](const FunctionDecl *F) -> const std::vector<const FunctionDecl *> & {
    auto It = Edges.find(F);
    if (It == Edges.end())
      It = Edges.insert({F, callees(F, Passed)}).first;
    return It->second;
  };
  for (const FunctionDecl *Root : Roots) {
    if (Index.count(Root))
      continue;
    std::vector<std::pair<const FunctionDecl *, size_t>> Dfs{{Root, 0}};
    Index[Root] = Low[Root] = Next++;
    Stack.push_back(Root);
    OnStack[Root] = true;
    while (!Dfs.empty()) {
      auto &[F, I] = Dfs.back();
      const auto &Es = EdgesOf(F);
      if (I < Es.size()) {
        const FunctionDecl *C = Es[I++];
        if (!Index.count(C)) {
          Index[C] = Low[C] = Next++;
          Stack.push_back(C);
          OnStack[C] = true;
          Dfs.push_back({C, 0});
        } else if (OnStack[C]) {
          Low[F] = std::min(Low[F], Index[C]);
        }
        continue;
      }
      const FunctionDecl *Done = F;
      Dfs.pop_back();
      if (!Dfs.empty())
        Low[Dfs.back().first] = std::min(Low[Dfs.back().first], Low[Done]);
      if (Low[Done] == Index[Done]) {
        std::vector<const FunctionDecl *> Scc;
        const FunctionDecl *X;
        do {
          X = Stack.back();
          Stack.pop_back();
          OnStack[X] = false;
          Scc.push_back(X);
        } while (X != Done);
        Sccs.push_back(std::move(Scc));
      }
    }
  }

  // A function known here only by its declaration: what its annotations
  // (__must_hold, acquire_capability, ...) say is its summary.
  std::map<const FunctionDecl *, std::optional<Summary>> FromDeclarations;
  // A rules contract (what it takes or drops per returned value and mode
  // argument) is the function's summary, whether its body is here, in
  // another file, or nowhere: the rules replace a body they describe.
  // With a body here, the body's requirements, sleeps and lock order stay
  // (what the rule says nothing of), and the contract's effects replace
  // the body's: built once the body's summary is final.
  std::map<const FunctionDecl *, std::optional<Summary>> FromContracts;
  std::map<const FunctionDecl *, Summary> ContractsOverBodies;
  SummaryLookup Lookup = [this, &FromDeclarations, &FromContracts,
                          &ContractsOverBodies](const FunctionDecl *Callee) -> const Summary * {
    const FunctionDecl *Canon = Callee->getCanonicalDecl();
    auto CIt = FromContracts.find(Canon);
    if (CIt == FromContracts.end()) {
      std::optional<Summary> C;
      if (Callee->getIdentifier())
        if (const FunctionRule *R = FX.rules().lookup(Callee->getNameAsString(), false))
          C = summaryFromContract(*R);
      CIt = FromContracts.insert({Canon, std::move(C)}).first;
    }
    if (CIt->second) {
      const FunctionDecl *Body = definitionOf(Callee);
      auto BIt = Body ? Summaries.find(Body) : Summaries.end();
      if (BIt == Summaries.end() || BIt->second.Exits.empty())
        return &*CIt->second; // no body here (or not yet one that returns)
      Summary &M = ContractsOverBodies[Body];
      M = overBody(*CIt->second, BIt->second);
      return &M;
    }
    const FunctionDecl *Def = definitionOf(Callee);
    if (!Def) {
      const FunctionDecl *Canon = Callee->getCanonicalDecl();
      auto It = FromDeclarations.find(Canon);
      if (It == FromDeclarations.end()) {
        std::optional<Summary> S = summaryFromDeclaration(Callee, declaredContexts(Callee, FX));
        // Defined in another file the whole program sees: its effects.
        if (Imports && Callee->isExternallyVisible()) {
          std::string Name = Callee->getNameAsString();
          LookedUp.insert(Name);
          auto Imp = Imports->find(Name);
          if (Imp != Imports->end()) {
            if (!S) {
              S.emplace();
              S->Name = Imp->second.Name;
              S->Computed = true;
            }
            S->TrackedParams = Imp->second.TrackedParams;
            S->Exits = Imp->second.Exits;
            S->ByReturn = Imp->second.ByReturn;
            S->ReturnsTryLock = Imp->second.ReturnsTryLock;
            S->ReleasesEntry = Imp->second.ReleasesEntry;
            S->LockObjects = Imp->second.LockObjects;
            S->LockObjectSets = Imp->second.LockObjectSets;
            S->RefParams = Imp->second.RefParams;
            S->NullExitParams = Imp->second.NullExitParams;
            S->ReturnClasses = Imp->second.ReturnClasses;
            S->ReturnsRcu = Imp->second.ReturnsRcu;
            S->WritesRcu = Imp->second.WritesRcu;
            S->DerefParams = Imp->second.DerefParams;
            S->Imported = true;
            S->ImportExact = Imp->second.ImportExact;
            S->InexactWhen = Imp->second.InexactWhen;
            Composed[Name] = Imp->second.InexactWhen;
          }
        }
        It = FromDeclarations.insert({Canon, std::move(S)}).first;
      }
      return It->second ? &*It->second : nullptr;
    }
    auto It = Summaries.find(Def);
    return It == Summaries.end() ? nullptr : &It->second;
  };

  std::vector<Finding> All;
  std::vector<Finding> Annotated;
  std::vector<RelocatedConflict> Relocated;
  Entries = findEntryFields(Ctx, FX);

  // Entry contexts stated in comments, on the line before a function or in
  // its body. An unknown context name is reported where it is written.
  std::map<const FunctionDecl *, const EntryContext *> Declared;
  for (const EntryAnnotation &A : Annotations) {
    auto EC = FX.rules().EntryContexts.find(A.Context);
    const FunctionDecl *Target = nullptr;
    unsigned Line = SM.getSpellingLineNumber(A.Loc);
    for (const FunctionDecl *FD : Roots) {
      SourceRange R = FD->getSourceRange();
      if (SM.getFileID(SM.getExpansionLoc(R.getBegin())) != SM.getFileID(A.Loc))
        continue;
      unsigned First = SM.getSpellingLineNumber(SM.getExpansionLoc(R.getBegin()));
      unsigned Last = SM.getSpellingLineNumber(SM.getExpansionLoc(R.getEnd()));
      if (Line + 1 >= First && Line <= Last)
        Target = FD;
    }
    if (EC == FX.rules().EntryContexts.end() || !Target) {
      Finding F;
      F.Check = CheckId::Annotation;
      F.Loc = A.Loc;
      std::string Known;
      for (auto &KV : FX.rules().EntryContexts)
        Known += (Known.empty() ? "" : ", ") + KV.first;
      F.Message = !Target ? "rcuctx-entry comment is not on the line before a function or in its body"
                          : "unknown entry context '" + A.Context + "' (known: " + Known + ")";
      Annotated.push_back(F);
      continue;
    }
    Declared[Target] = &EC->second;
    Entries.push_back({Target, A.Context, "declared with an rcuctx-entry comment", A.Loc, {}});
  }
  // A sleep in a function that runs only while the kernel boots is none
  // (a rule's `boot`; the static functions only those call).
  LazyUses Uses(Ctx, Indirect.get());
  const std::set<const FunctionDecl *> Boot = bootOnly(Edges, FX.rules(), Uses);
  for (auto &Scc : Sccs) {
    bool Recursive = Scc.size() > 1;
    if (!Recursive)
      for (const FunctionDecl *C : EdgesOf(Scc.front()))
        Recursive |= C == Scc.front();
    std::map<const FunctionDecl *, FunctionResult> Results;
    if (Recursive) {
      // The least fixpoint: start from "no requirement, never returns" and
      // iterate, so a recursive call's effect is what the recursion's own
      // returns do (every path of unwind(n) drops n->lock: the base case's
      // unlock, or the recursive call's), not "as at entry" joined in from
      // a guess. Bounded: if the rounds do not settle from there (a depth
      // nested once per level), the summaries so far are too small to
      // trust; start again from "no effect" and keep the last summaries.
      auto Iterate = [&](bool FromBottom) {
        for (const FunctionDecl *F : Scc) {
          Summaries[F] = Summary();
          Summaries[F].Computed = FromBottom; // computed, no exits: never returns
        }
        for (unsigned Round = 0; Round < 8; ++Round) {
          bool Changed = false;
          for (const FunctionDecl *F : Scc) {
            FunctionResult R = analyzeFunction(F, FX, Lookup, Opts);
            if (!R.S.sameAs(Summaries[F]))
              Changed = true;
            Summaries[F] = R.S;
            Results[F] = std::move(R);
          }
          if (!Changed)
            return true;
        }
        return false;
      };
      if (!Iterate(/*FromBottom=*/true))
        Iterate(/*FromBottom=*/false);
    } else {
      FunctionResult R = analyzeFunction(Scc.front(), FX, Lookup, Opts);
      Summaries[Scc.front()] = R.S;
      Results[Scc.front()] = std::move(R);
    }
    // Requirements the declaration states join the inferred ones.
    for (const FunctionDecl *F : Scc)
      for (Obligation &O : declaredRequirements(F, declaredContexts(F, FX))) {
        Summaries[F].Obligations.push_back(O);
        Summaries[F].Declared.push_back(std::move(O));
      }
    for (const FunctionDecl *F : Scc) {
      auto D = Declared.find(F);
      if (D != Declared.end())
        applyDeclaredEntry(Summaries[F], *D->second);
    }
    for (auto &KV : Results) {
      if (Opts.KeepDetail)
        Details[KV.first] = std::move(KV.second.Detail);
      for (Finding &F : KV.second.Findings)
        if (!Boot.count(KV.first) || F.Check != CheckId::SleepInAtomic)
          All.push_back(std::move(F));
      Relocated.insert(Relocated.end(), KV.second.Relocated.begin(), KV.second.Relocated.end());
      Entries.insert(Entries.end(), KV.second.Entries.begin(), KV.second.Entries.end());
      OrderEdges.insert(OrderEdges.end(), KV.second.Edges.begin(), KV.second.Edges.end());
      Splits.insert(Splits.end(), KV.second.Splits.begin(), KV.second.Splits.end());
    }
  }

  // Direct calls whose callee's whole effect was imported, for the modes
  // its known arguments select: the link trusts the states after them
  // (link/Linker.cpp, uncertainSite). Not a target of a call through a
  // pointer: where targets disagree, or one is known only to other files,
  // the state after the call keeps none of them.
  auto ComposedAt = [&](const CallRecord &C) {
    if (!C.CalleeExternal || C.IndirectKind >= 0 || !C.Facts.Via.empty())
      return false;
    auto It = Composed.find(C.Facts.Callee);
    if (It == Composed.end())
      return false;
    for (const CallRecord::At &A : C.States)
      for (const Valuation &W : It->second) {
        std::vector<int> Keys;
        for (auto &KV : W)
          Keys.push_back(KV.first);
        std::map<int, bool> M = A.modes(Keys);
        if (compatible(W, Valuation(M.begin(), M.end())))
          return false;
      }
    return true;
  };
  if (!Composed.empty())
    for (auto &KV : Details)
      for (CallRecord &C : KV.second.Calls)
        C.EffectComposed = ComposedAt(C);

  All.insert(All.end(), Annotated.begin(), Annotated.end());
  // Requirements that reached a function the kernel enters in a known context.
  for (Finding &F : checkEntryPoints(Entries, Summaries, FX.rules()))
    All.push_back(std::move(F));

  // Cycles among what this TU's functions acquire (the link judges the
  // whole program's graph again, with what other files add).
  // The entries with what they acquire: the locks the kernel holds around
  // one come first in the order (rq->lock around a sched_out notifier).
  std::vector<EntryAcquires> EntryAcq;
  forEachEntryPoint(Entries, Summaries, FX.rules(),
                    [&](const EntryPoint &E, const FunctionDecl *Def, const Summary &S,
                        const EntryContext &Ctx) {
                      EntryAcq.push_back(
                          {Def->getNameAsString(), &Ctx, E.What, E.Loc, E.Holds, &S.Acquires});
                    });
  LockGraph Graph;
  Graph.addAll(OrderEdges);
  for (const ClassSplit &S : Splits)
    Graph.split(S);
  for (const EntryAcquires &E : EntryAcq)
    Graph.addAll(entryHoldEdges(E));
  for (Finding &F : Graph.findings())
    All.push_back(std::move(F));
  for (Finding &F : irqSafetyFindings(EntryAcq, Graph, FX.rules(), SM))
    All.push_back(std::move(F));

  ListUpdaters = listUpdaters(Summaries, Uses);

  // Contradictions no caller reported: report them in the function itself.
  std::set<std::pair<const FunctionDecl *, size_t>> Done;
  for (auto &R : Relocated)
    Done.insert({R.Callee, R.ConflictIndex});
  for (auto &KV : Summaries)
    for (size_t I = 0; I < KV.second.Conflicts.size(); ++I)
      if (!Done.count({KV.first, I})) {
        const EntryConflict &C = KV.second.Conflicts[I];
        // At boot a section needed and a sleep do not exclude each other:
        // rcu_init() asserts IRQs off and may take a mutex.
        if (Boot.count(KV.first) && C.Forbid.K == Obligation::NoSleep)
          continue;
        All.push_back(conflictFinding(C, C.Need, SourceLocation()));
      }

  // Deduplicate (partitions and recursion can find one thing twice) and sort;
  // of one finding's explanations, the shortest chain is kept (the one
  // that does not go round a recursion first).
  std::sort(All.begin(), All.end(), [&](const Finding &A, const Finding &B) {
    if (A.Loc != B.Loc)
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    if (A.Message != B.Message)
      return A.Message < B.Message;
    if (A.Notes.size() != B.Notes.size())
      return A.Notes.size() < B.Notes.size();
    for (size_t I = 0; I < A.Notes.size(); ++I) {
      if (A.Notes[I].Loc != B.Notes[I].Loc)
        return A.Notes[I].Loc.getRawEncoding() < B.Notes[I].Loc.getRawEncoding();
      if (A.Notes[I].Text != B.Notes[I].Text)
        return A.Notes[I].Text < B.Notes[I].Text;
    }
    return false;
  });
  All.erase(std::unique(All.begin(), All.end(),
                        [](const Finding &A, const Finding &B) {
                          return A.Loc == B.Loc && A.Message == B.Message;
                        }),
            All.end());
  return All;
}
