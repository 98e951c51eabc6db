#include "link/Linker.h"

#include "link/Components.h"

#include "dataflow/BlockReach.h"
#include "lockorder/IrqSafety.h"

#include "report/FindingText.h"
#include "summaries/EntryPoints.h"

#include "llvm/ADT/BitVector.h"

#include <deque>
#include <functional>
#include <memory>
#include <algorithm>
#include <map>
#include <set>

using namespace clang;
using namespace rcuctx;

namespace {

struct Node {
  unsigned Tu = 0;
  LinkFunction *F = nullptr;
  Summary Cur;            // current summary (starts as the TU's)
  bool Changed = false;   // Cur differs from what its own TU used
  bool EffectUnknown = false;
  unsigned Rounds = 0;
  std::vector<int> Targets; // per recorded call: node id, or -1
  std::vector<std::pair<int, int>> Callers; // (caller node, call index)
  std::unique_ptr<BlockReach> Reach;        // lazily, over the recorded CFG shape
};

bool identityEffect(const Summary &S) {
  if (S.Computed && S.Exits.empty())
    return false; // never returns
  for (const ExitEffect &X : S.Exits) {
    for (auto &KV : X.State.Counters)
      if (KV.second != Interval())
        return false;
    for (auto &KV : X.State.Locks)
      if (!S.unchangedForCallers(KV.first, KV.second))
        return false;
  }
  return true;
}

class Linker {
public:
  Linker(std::vector<TuRecord> &Tus, const RuleSet &Rules, const SourceManager &SM,
         const LinkOptions &Opts)
      : Tus(Tus), Rules(Rules), SM(SM), Opts(Opts) {}

  LinkResult run() {
    index();
    if (Opts.Indirect)
      Result.Indirect = expandIndirectCalls(Tus, [this](const std::string &Name,
                                                        const std::set<unsigned> &StoredIn) {
        std::vector<int> Defs;
        for (unsigned T : StoredIn) {
          auto L = Local.find({T, Name});
          if (L != Local.end() && Nodes[L->second].F->Static)
            Defs.push_back(T);
        }
        if (Global.count(Name))
          Defs.push_back(CallRecord::LinkedGlobally);
        return Defs;
      });
    resolve();
    markEffects();
    propagate();
    checkEntries();
    reportConflicts();
    lockOrder();
    finish();
    return std::move(Result);
  }

private:
  void index() {
    for (unsigned T = 0; T < Tus.size(); ++T)
      for (LinkFunction &F : Tus[T].Functions) {
        int Id = Nodes.size();
        Node N;
        N.Tu = T;
        N.F = &F;
        N.Cur = F.S;
        Nodes.push_back(std::move(N));
        Local[{T, F.Name}] = Id;
        if (F.Static)
          continue;
        auto It = Global.find(F.Name);
        if (It == Global.end()) {
          Global[F.Name] = Id;
        } else if (Nodes[It->second].F->Weak || F.Weak) {
          if (Nodes[It->second].F->Weak && !F.Weak)
            It->second = Id; // the strong definition overrides the __weak default
        } else if (Nodes[It->second].Tu != T && F.Detail.Succs.size() > 0) {
          const LinkFunction &Other = *Nodes[It->second].F;
          if (SM.getFileID(Other.Loc) != SM.getFileID(F.Loc) ||
              SM.getSpellingLineNumber(Other.Loc) != SM.getSpellingLineNumber(F.Loc))
            Result.Warnings.push_back("'" + F.Name + "' is defined in both '" + Tus[T].Path +
                                      "' and '" + Tus[Nodes[It->second].Tu].Path +
                                      "'; the link uses the first");
        }
      }
    Result.Stats.Tus = Tus.size();
    Result.Stats.Functions = Nodes.size();
  }

  void resolve() {
    for (unsigned Id = 0; Id < Nodes.size(); ++Id) {
      Node &N = Nodes[Id];
      for (unsigned C = 0; C < N.F->Detail.Calls.size(); ++C) {
        const CallRecord &R = N.F->Detail.Calls[C];
        int Target = -1;
        if (R.TargetTu != -1) {
          // A target of a call through a pointer, installed by another file.
          auto It = R.TargetTu >= 0 ? Local.find({(unsigned)R.TargetTu, R.Facts.Callee}) : Local.end();
          if (It != Local.end())
            Target = It->second;
          else if (R.TargetTu == CallRecord::LinkedGlobally && Global.count(R.Facts.Callee))
            Target = Global[R.Facts.Callee];
        } else if (!R.CalleeExternal) {
          auto It = Local.find({N.Tu, R.Facts.Callee});
          Target = It == Local.end() ? -1 : It->second;
        } else {
          ++Result.Stats.CrossFileCalls;
          auto It = Global.find(R.Facts.Callee);
          if (It != Global.end() && Nodes[It->second].Tu != N.Tu) {
            Target = It->second;
            ++Result.Stats.Resolved;
          }
        }
        N.Targets.push_back(Target);
        if (Target >= 0)
          Nodes[Target].Callers.push_back({(int)Id, (int)C});
      }
    }
  }

  /// Which functions' recorded effects the link cannot trust: those that
  /// call, across files, something that changes the context (unless phase 2
  /// composed all of that effect into their analysis), and their callers.
  void markEffects() {
    std::deque<int> Work;
    for (unsigned Id = 0; Id < Nodes.size(); ++Id) {
      Node &N = Nodes[Id];
      for (unsigned C = 0; C < N.Targets.size(); ++C)
        if (N.Targets[C] >= 0 && N.F->Detail.Calls[C].CalleeExternal && !addedTarget(N, C) &&
            !N.F->Detail.Calls[C].EffectComposed && !identityEffect(Nodes[N.Targets[C]].Cur) &&
            !N.EffectUnknown) {
          N.EffectUnknown = true;
          Work.push_back(Id);
        }
    }
    while (!Work.empty()) {
      int Id = Work.front();
      Work.pop_front();
      for (auto &[Caller, Call] : Nodes[Id].Callers)
        if (!Nodes[Caller].EffectUnknown) {
          Nodes[Caller].EffectUnknown = true;
          Work.push_back(Caller);
        }
    }
  }

  /// A target of a call through a pointer that only other files install
  /// (IndirectLink.h). Its file analysed that call as an unknown one, with
  /// no effect, as every unknown call is: the link lifts the target's
  /// requirements but does not make what follows the call uncertain.
  static bool addedTarget(const Node &N, unsigned C) {
    return N.F->Detail.Calls[C].TargetTu != -1;
  }

  BlockReach &reach(Node &N) {
    if (!N.Reach)
      N.Reach = std::make_unique<BlockReach>(N.F->Detail.Succs);
    return *N.Reach;
  }
  bool reaches(Node &N, unsigned From, unsigned To) { return reach(N).reaches(From, To); }

  /// A site whose recorded state may be wrong: after a call into a function
  /// whose effect on the context the link cannot trust.
  bool uncertainSite(Node &N, unsigned Block, unsigned Index) {
    for (unsigned C = 0; C < N.Targets.size(); ++C) {
      int T = N.Targets[C];
      if (T < 0)
        continue;
      const CallRecord &R = N.F->Detail.Calls[C];
      if (addedTarget(N, C))
        continue;
      // Its whole effect was composed into this file's analysis (phase 2):
      // the states after it already include it -- unless that effect
      // itself lacks what the callee's own calls across files do.
      if (R.EffectComposed && !Nodes[T].EffectUnknown)
        continue;
      bool Untrusted = Nodes[T].EffectUnknown || (R.CalleeExternal && !identityEffect(Nodes[T].Cur));
      if (!Untrusted)
        continue;
      if ((R.Block == Block && R.Index < Index) || reaches(N, R.Block, Block))
        return true;
    }
    return false;
  }

  /// Whether call C of N must be lifted again: its callee is in another
  /// file, or in the same file but its summary grew at link time.
  bool relift(const Node &N, unsigned C) const {
    int T = N.Targets[C];
    return T >= 0 && (N.F->Detail.Calls[C].CalleeExternal || Nodes[T].Changed);
  }

  Valuation valuationOf(const Summary &S, unsigned Partition) const {
    return valuationOfBits(S.TrackedParams, Partition);
  }

  /// Judges N again with its callees' current summaries; returns whether
  /// its own summary changed.
  bool rejudge(int Id) {
    Node &N = Nodes[Id];
    ++N.Rounds;
    ++Result.Stats.Rejudged;
    const FunctionDetail &D = N.F->Detail;
    std::vector<SitedObligation> Obls;
    for (const SitedObligation &SO : D.Obls)
      if (SO.FromCall < 0 || SO.FromCall >= (int)N.Targets.size() || !relift(N, SO.FromCall))
        Obls.push_back(SO);
    for (unsigned C = 0; C < D.Calls.size(); ++C) {
      if (!relift(N, C))
        continue;
      const CallRecord &R = D.Calls[C];
      if (uncertainSite(N, R.Block, R.Index)) {
        ++Result.Stats.UncertainSites;
        continue;
      }
      CallSiteFacts Facts = R.Facts;
      Facts.Caller = N.F->Name;
      const Summary &Callee = Nodes[N.Targets[C]].Cur;
      for (const CallRecord::At &At : R.States) {
        // (An equality on what the caller passes on from its own modes: as
        // the caller's partition has it, as in the file's analysis.)
        std::map<int, bool> Known = R.modesAt(At, Callee.modeKeys(), valuationOf(N.Cur, At.Partition));
        Lifted L = liftSummary(Callee, Facts, Known, At.St);
        for (Obligation &O : L.Obligations) {
          Valuation Passed = passedModes(O.When, Known, R.Passes);
          O.When = valuationOf(N.Cur, At.Partition);
          O.When.insert(O.When.end(), Passed.begin(), Passed.end());
          O.Owner = N.F->Name;
          switch (classify(O, Opts.Strict)) {
          case Disposition::Finding:
            Result.LinkFindings.push_back(violationFinding(O, Opts.Strict));
            break;
          case Disposition::Pending:
            Obls.push_back({std::move(O), R.Block, R.Index, At.Partition, (int)C});
            break;
          case Disposition::Drop:
            break;
          }
        }
        for (LiftedConflict &LC : L.Conflicts) {
          Result.LinkFindings.push_back(std::move(LC.F));
          Relocated.insert({N.Targets[C], LC.Index});
        }
      }
    }
    Judgement J = judgeObligations(
        Obls, [&](unsigned Anchor, unsigned Other) { return reach(N).onOnePath(Anchor, Other); },
        Opts.Strict);
    Result.LinkFindings.insert(Result.LinkFindings.end(), J.Findings.begin(), J.Findings.end());
    Summary S = N.Cur;
    S.Obligations = std::move(J.Exported);
    S.Obligations.insert(S.Obligations.end(), S.Declared.begin(), S.Declared.end());
    S.Conflicts = std::move(J.Conflicts);
    auto Declared = DeclaredEntry.find(Id);
    if (Declared != DeclaredEntry.end())
      applyDeclaredEntry(S, *Declared->second);
    if (S.sameAs(N.Cur))
      return false;
    N.Cur = std::move(S);
    N.Changed = true;
    return true;
  }

  /// Strongly connected components of the linked call graph, callees first
  /// (iterative Tarjan: cross-file chains can be thousands deep).
  std::vector<std::vector<int>> componentsBottomUp() const {
    return rcuctx::componentsBottomUp(
        (int)Nodes.size(), [&](int V) -> const std::vector<int> & { return Nodes[V].Targets; });
  }

  bool needsRejudge(int Id) const {
    for (unsigned C = 0; C < Nodes[Id].Targets.size(); ++C)
      if (relift(Nodes[Id], C))
        return true;
    return false;
  }

  void propagate() {
    // Functions declared (by comment) to be entered in a known context keep
    // that context's requirements to themselves, at link time too.
    for (unsigned T = 0; T < Tus.size(); ++T)
      for (const LinkEntry &E : Tus[T].Entries)
        if (E.What == "declared with an rcuctx-entry comment") {
          int Id = lookup(T, E.Fn, E.Static);
          auto Ctx = Rules.EntryContexts.find(E.Context);
          if (Id >= 0 && Ctx != Rules.EntryContexts.end())
            DeclaredEntry[Id] = &Ctx->second;
        }
    // Callees first: a function is judged again once, after everything it
    // calls is final; a recursive component is iterated to a fixpoint
    // (bounded, like the in-TU recursion).
    for (const std::vector<int> &Scc : componentsBottomUp()) {
      bool Recursive = Scc.size() > 1;
      if (!Recursive)
        for (int T : Nodes[Scc.front()].Targets)
          Recursive |= T == Scc.front();
      if (!Recursive) {
        if (needsRejudge(Scc.front()))
          rejudge(Scc.front());
        continue;
      }
      for (unsigned Round = 0; Round < Opts.MaxRounds; ++Round) {
        bool Changed = false;
        for (int Id : Scc)
          if (needsRejudge(Id))
            Changed |= rejudge(Id);
        if (!Changed)
          break;
      }
    }
  }

  int lookup(unsigned Tu, const std::string &Name, bool Static) const {
    auto L = Local.find({Tu, Name});
    if (L != Local.end())
      return L->second;
    if (Static)
      return -1;
    auto G = Global.find(Name);
    return G == Global.end() ? -1 : G->second;
  }

  /// Each entry point once per (function, context), with its linked
  /// function's index and its context (entries in unknown contexts skipped).
  void forEachEntry(const std::function<void(int, const LinkEntry &, const EntryContext &)> &Fn) {
    std::set<std::pair<int, std::string>> Seen;
    for (unsigned T = 0; T < Tus.size(); ++T)
      for (const LinkEntry &E : Tus[T].Entries) {
        int Id = lookup(T, E.Fn, E.Static);
        auto Ctx = Rules.EntryContexts.find(E.Context);
        if (Id >= 0 && Ctx != Rules.EntryContexts.end() && Seen.insert({Id, E.Context}).second)
          Fn(Id, E, Ctx->second);
      }
  }

  void checkEntries() {
    forEachEntry([&](int Id, const LinkEntry &E, const EntryContext &Ctx) {
      ++Result.Stats.EntryPoints;
      LinkResult::EntryKind &K = Result.EntryKinds[E.What];
      ++K.Entries;
      for (Finding &F : checkEntry(Nodes[Id].Cur, E.Fn, Ctx, E.What, E.Loc, E.Holds, &K.Tally))
        Result.LinkFindings.push_back(std::move(F));
    });
  }

  /// Contradictions found at link time that no caller was the place to fix:
  /// reported in the function itself.
  void reportConflicts() {
    for (unsigned Id = 0; Id < Nodes.size(); ++Id) {
      const Node &N = Nodes[Id];
      if (!N.Changed)
        continue;
      for (size_t I = 0; I < N.Cur.Conflicts.size(); ++I)
        if (!Relocated.count({(int)Id, I})) {
          const EntryConflict &C = N.Cur.Conflicts[I];
          Result.LinkFindings.push_back(conflictFinding(C, C.Need, SourceLocation()));
        }
    }
  }

  /// The whole program's lock-order graph and its cycles; a cycle a file
  /// already reported is the same finding, kept once by finish().
  void lockOrder() {
    std::vector<LinkedFunction> Fns;
    for (const Node &N : Nodes)
      Fns.push_back({N.F, &N.Targets});
    std::vector<std::vector<Acquisition>> Acquires;
    Result.LockGraph = std::make_unique<LockGraph>(linkLockOrder(
        Tus, Fns, componentsBottomUp(), Opts.MaxRounds, Result.LockOrder, Acquires));
    // The entry points with what they acquire over the whole program; the
    // locks the kernel holds around one come first in the order.
    std::vector<EntryAcquires> EntryAcq;
    forEachEntry([&](int Id, const LinkEntry &E, const EntryContext &Ctx) {
      EntryAcq.push_back({E.Fn, &Ctx, E.What, E.Loc, E.Holds, &Acquires[Id]});
    });
    for (const EntryAcquires &E : EntryAcq)
      Result.LockGraph->addAll(entryHoldEdges(E));
    Result.LockOrder.Edges = Result.LockGraph->edgeCount();
    Result.LockOrder.GraphBytes = Result.LockGraph->approxBytes();
    Result.LockOrder.Classes = Result.LockGraph->nodeCount();
    std::vector<Finding> Cycles = Result.LockGraph->findings();
    Result.LockOrder.Cycles = Cycles.size();
    Result.LockOrder.SplitCycles = Result.LockGraph->cyclesOnlyThroughSplits();
    for (Finding &F : Cycles)
      Result.LinkFindings.push_back(std::move(F));
    IrqUsageStats Irq;
    for (Finding &F : irqSafetyFindings(EntryAcq, *Result.LockGraph, Rules, SM, &Irq))
      Result.LinkFindings.push_back(std::move(F));
    Result.LockOrder.InHardirq = Irq.InHardirq;
    Result.LockOrder.InSoftirq = Irq.InSoftirq;
    Result.LockOrder.HardirqOn = Irq.HardirqOn;
    Result.LockOrder.SoftirqOn = Irq.SoftirqOn;
  }

  void finish() {
    auto Key = [](const Finding &F) {
      return std::make_pair(F.Loc.getRawEncoding(), F.Message);
    };
    std::set<std::pair<unsigned, std::string>> Known;
    for (TuRecord &T : Tus)
      for (Finding &F : T.Findings)
        if (Known.insert(Key(F)).second)
          Result.TuFindings.push_back(F);
    std::vector<Finding> New;
    for (Finding &F : Result.LinkFindings)
      if (Known.insert(Key(F)).second)
        New.push_back(std::move(F));
    Result.LinkFindings = std::move(New);
    sortFindings(Result.TuFindings, SM);
    sortFindings(Result.LinkFindings, SM);
    for (const Node &N : Nodes)
      for (AnnotationSuggestion &A : suggestAnnotations(*N.F, N.Cur))
        Result.Suggestions.push_back(std::move(A));
  }

  std::vector<TuRecord> &Tus;
  const RuleSet &Rules;
  const SourceManager &SM;
  const LinkOptions &Opts;
  std::vector<Node> Nodes;
  std::map<std::pair<unsigned, std::string>, int> Local;
  std::map<std::string, int> Global;
  std::map<int, const EntryContext *> DeclaredEntry;
  std::set<std::pair<int, size_t>> Relocated;
  LinkResult Result;
};

} // namespace

void rcuctx::sortFindings(std::vector<Finding> &Fs, const SourceManager &SM) {
  auto Pos = [&](const Finding &F) {
    if (F.Loc.isInvalid())
      return std::make_tuple(std::string(), 0u, 0u);
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(F.Loc));
    return std::make_tuple(std::string(P.getFilename()), P.getLine(), P.getColumn());
  };
  std::stable_sort(Fs.begin(), Fs.end(), [&](const Finding &A, const Finding &B) {
    auto PA = Pos(A), PB = Pos(B);
    if (PA != PB)
      return PA < PB;
    return A.Message < B.Message;
  });
}

LinkResult rcuctx::linkRecords(std::vector<TuRecord> &Tus, const RuleSet &Rules,
                               const SourceManager &SM, const LinkOptions &Opts) {
  return Linker(Tus, Rules, SM, Opts).run();
}
