// What the rooms of one function's analysis share: the function with its CFG
// and the indexes built before the walk (FunctionEnv, read-only), and the
// record the walk keeps beside the states (WalkRecord: what it touched and
// released, the obligations and findings it emitted, the result being built).
//
// The states themselves live in the engine (dataflow/Engine.h); the transfer
// rooms (transfer/) write the record, the checks on the fixpoint (checks/)
// and the body facts (bodyfacts/) read it.
#pragma once

#include "dataflow/BodyIndex.h"
#include "dataflow/Engine.h"
#include "dataflow/FunctionAnalysis.h"
#include "dataflow/Partitions.h"
#include "report/FindingText.h"
#include "summaries/Judge.h"

#include "clang/Analysis/CFG.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rcuctx {

using PState = std::optional<ContextState>; // nullopt: unreachable

/// Whether a call to Callee takes or drops a lock or section: a rule step
/// that does, or a summary exit that leaves one other than at entry.
bool callChangesContext(const clang::FunctionDecl *Callee, const FactExtractor &FX,
                        const SummaryLookup &Lookup);

/// The function under analysis. Everything here is fixed before the walk.
struct FunctionEnv {
  FunctionEnv(const clang::FunctionDecl *FD, const FactExtractor &FX, const SummaryLookup &Lookup,
              const AnalysisOptions &Opts, std::unique_ptr<clang::CFG> Cfg,
              std::vector<const clang::CFGBlock *> Rpo)
      : FD(FD), FX(FX), Lookup(Lookup), Opts(Opts), SM(FX.astContext().getSourceManager()),
        Cfg(std::move(Cfg)), Rpo(std::move(Rpo)),
        ChangesContext([&FX, &Lookup, Memo = std::map<const clang::FunctionDecl *, bool>()](
                           const clang::FunctionDecl *Callee) mutable {
          auto [It, New] = Memo.try_emplace(Callee, false);
          if (New)
            It->second = callChangesContext(Callee, FX, Lookup);
          return It->second;
        }),
        Parts(FD, &Lookup, &ChangesContext, Opts.Passed), Body(FD, FX, this->Rpo, &Parts.writes(), &Parts.aliases()),
        Name(FD->getNameAsString()), QuotedName(quoted(Name)) {}

  const clang::FunctionDecl *FD;
  const FactExtractor &FX;
  const SummaryLookup &Lookup;
  const AnalysisOptions &Opts;
  const clang::SourceManager &SM;
  std::unique_ptr<clang::CFG> Cfg;
  std::vector<const clang::CFGBlock *> Rpo; // blocks reachable from the entry
  CalleeChangesContext ChangesContext;
  Partitions Parts;
  BodyIndex Body;

  /// The function's name, and as messages quote it (quoted()); built once,
  /// since every step and call of the walk names it.
  const std::string Name, QuotedName;
  const std::string &fnName() const { return Name; }
  const std::string &quotedName() const { return QuotedName; }
};

/// The fixpoint as the checks after the walk read it: the state flowing
/// along each CFG edge, per partition.
struct FixpointView {
  std::function<PState(const clang::CFGBlock *From, unsigned SuccIdx, unsigned V)> Edge;
  const EdgeIndex &Edges;
  /// The state flowing from P's end into its successor B.
  PState edgeInto(const clang::CFGBlock *P, const clang::CFGBlock *B, unsigned V) const {
    return Edge(P, Edges.of(P, B), V);
  }
};

/// One path reaching the function's exit: its state, its `return` (or the
/// closing brace), the value returned and the classes that value can have
/// on this path (lattice/ValueSplit.h; bodyfacts/ReturnClasses.h).
struct ReturnPath {
  ContextState St;
  clang::SourceLocation Loc;
  const clang::Expr *Value = nullptr;
  /// The block the path leaves for the exit from (its `return`'s).
  const clang::CFGBlock *Block = nullptr;
  uint8_t Classes = VC_All;
  /// The value where it is a non-zero constant (`return -EINTR;`, `return
  /// SEQ_START_TOKEN;`, a split's named constant): carveConstant() may make
  /// it a class of its own (VC_Const).
  std::optional<int64_t> Const;
  /// One class of a value whose split the path carries (a callee's classes,
  /// or paths a test told apart): its class is the split's, not the
  /// returned expression's form.
  bool Expanded = false;
  /// Expanded, and an error class here is one the split only says is
  /// possible: a call's split (a callee's classes, a try-lock), or a
  /// pointer's NULL test (non-NULL includes ERR_PTR()). Not so for an
  /// integer the function itself stored or tested (`ret = -EBUSY; goto
  /// out;` past the unlock, `if (ret) goto out;`): it returns that error
  /// held, a leak.
  bool PossibleOnly = false;
};

/// A finding at a site, kept until assertions have pruned impossible paths.
struct PendingFinding {
  Finding F;
  unsigned Block = 0, Index = 0;
  unsigned Partition = 0;
  /// For an unlock of what may not be held (rcuctx-unbalanced): the lock.
  std::string UnlockedLock;
};

/// The sleep that every path to a need passed, at a depth no lower than the
/// need's, for a need of sleep-forbidding sections only (rcu_dereference(),
/// not rcu_dereference_check(p, lockdep_is_held(...)), nor SRCU): or null.
inline const SleepMark *sleptBefore(const Obligation &O, const ContextState &St) {
  // (Whether the need sits under an if on runtime state does not matter:
  // the argument is about the paths that do reach it.)
  if (!St.Slept || O.K != Obligation::Need || O.Check == CheckId::Unbalanced || O.AnyOf.empty())
    return nullptr;
  for (const Atom &A : O.AnyOf)
    if (A.K != Atom::Counter || !forbidsSleep(A.Key) || St.Slept->delta(A.Key).Hi > 0)
      return nullptr;
  return &*St.Slept;
}

/// Whether every atom of a need is at a depth the lattice lost (widened to
/// -infinity even at its highest: evaluate() judges strict mode by the
/// highest depth too where the lowest is lost).
inline bool depthUnknown(const Obligation &O, const ContextState &St) {
  for (const Atom &A : O.AnyOf) {
    if (St.counter(A.Key).Hi != Interval::NegInf)
      return false;
  }
  return !O.AnyOf.empty();
}

/// What the walk records beside the states.
struct WalkRecord {
  /// False while iterating to the fixpoint; true in the one pass over the
  /// fixpoint states that emits obligations and findings.
  bool Collect = false;
  /// The element being transferred, and the recorded call whose summary is
  /// being applied (-1: none).
  unsigned CurBlock = 0, CurIndex = 0;
  int CurCall = -1;

  /// Per block id, the contexts its statements take or give up (for
  /// imbalance at joins); touch() records one for the current block.
  std::vector<std::set<std::string>> Touched;
  void touch(const std::string &K) {
    if (Touched.size() <= CurBlock)
      Touched.resize(CurBlock + 1);
    Touched[CurBlock].insert(K);
  }
  /// Lock classes released (itself or by a callee) where they may still be
  /// as at entry (Summary::ReleasesEntry).
  std::set<std::string> ReleasesEntry;
  /// K is released here, from state Before: perhaps the caller's hold.
  void releasedFrom(const std::string &K, const LockSet &Before) {
    if (!K.empty() && Before.mayBeEntry())
      ReleasesEntry.insert(K);
  }
  /// Contexts this function gives up somewhere (itself or through a callee).
  /// Only those can be unbalanced: a function that only *enters* a context
  /// on some paths (walk_shadow_page_lockless_begin()) is a protocol.
  std::set<std::string> Released;
  /// Lock classes taken while they may have been held at entry.
  std::map<std::string, bool> AcquiredFromEntry;
  /// The expression last used to take/release each lock class, so two
  /// instances of one class (a->lock, b->lock) are not mistaken for a double lock.
  std::map<std::string, std::string> AcquireText, ReleaseText;
  /// Whether this function took (released) an instance of class K other
  /// than the one Text names: then the class is not judged where the two
  /// would be conflated.
  bool otherTaken(const std::string &K, const std::string &Text) const {
    auto It = AcquireText.find(K);
    return It != AcquireText.end() && It->second != Text;
  }
  bool otherReleased(const std::string &K, const std::string &Text) const {
    auto It = ReleaseText.find(K);
    return It != ReleaseText.end() && It->second != Text;
  }
  /// Lock classes found double-locked: no longer judged in this function.
  std::set<std::string> Poisoned;
  void poison(const std::string &K) {
    Poisoned.insert(K);
    Diverged |= OnePass; // a release walked before this would not know
  }

  /// A walk that collects while it iterates, each block once (an acyclic
  /// function: FunctionAnalysis.cpp). AcquireText, ReleaseText and Poisoned
  /// are then read before the walk has seen the whole function, where the
  /// two-pass walk reads them complete from its first pass. Diverged: some
  /// read could have answered otherwise, and the function is walked again
  /// in two passes. With one expression per lock class and every read after
  /// a write, the two walks agree.
  bool OnePass = false;
  bool Diverged = false;
  /// Each lock class's expression so far (one-pass walks only).
  std::map<std::string, std::string> TextSeen;
  void sawText(const std::string &K, const std::string &Text) {
    if (!OnePass)
      return;
    auto [It, New] = TextSeen.try_emplace(K, Text);
    Diverged |= !New && It->second != Text;
  }
  /// AcquireText or ReleaseText is asked whether it has K.
  void reads(const std::map<std::string, std::string> &Record, const std::string &K) {
    Diverged |= OnePass && !Record.count(K);
  }
  /// Per lock class, the object it is taken and dropped through here
  /// ("$0.mmap_lock": what parameter 0 points to), itself or by a callee;
  /// "" once a site names another object or none (Summary::LockObjects).
  /// Read only for the summary: noted in the collecting pass alone, which
  /// visits every reachable element once.
  std::map<std::string, std::string> LockObjects;
  /// The same per instance (the lockInstance() key of a lock expression,
  /// or of a wrapper's argument): what a set of holders at an exit stands
  /// for in callers' terms (Summary::LockObjectSets).
  std::map<std::string, std::string> InstanceObjects;
  void noteObject(const std::string &K, const std::string &Object, const std::string &Instance) {
    if (!Collect || K.empty())
      return;
    bool OfParam = !Object.empty() && Object[0] == '$';
    auto Note = [&](std::map<std::string, std::string> &M, const std::string &Key) {
      auto It = M.find(Key);
      if (It == M.end())
        M.emplace(Key, OfParam ? Object : std::string());
      else if (!OfParam || It->second != Object)
        It->second.clear();
    };
    Note(LockObjects, K);
    if (!Instance.empty())
      Note(InstanceObjects, Instance);
  }
  /// Per RCU list this function updates, itself or through a callee, the
  /// locks held for write at every such update, and the ones some update
  /// found other than at entry (Summary::ListUpdate). Noted in the
  /// collecting pass alone.
  struct ListUpdateSets {
    std::set<std::string> Held, Touched;
  };
  std::map<std::string, ListUpdateSets> ListUpdates;
  /// RCU lists it walks where no RCU section is known to be held
  /// (Summary::ListWalks).
  std::set<std::string> ListWalks;
  void noteListUpdate(const std::string &K, const ListUpdateSets &At) {
    auto [It, New] = ListUpdates.try_emplace(K, At);
    if (New)
      return;
    for (auto L = It->second.Held.begin(); L != It->second.Held.end();)
      L = At.Held.count(*L) ? std::next(L) : It->second.Held.erase(L);
    It->second.Touched.insert(At.Touched.begin(), At.Touched.end());
  }
  /// What an update at St sees: the classes held for write (a reader's hold
  /// does not keep other updaters out), and the ones not as at entry.
  static ListUpdateSets listUpdateAt(const ContextState &St) {
    ListUpdateSets Out;
    for (auto &KV : St.Locks) {
      if (ctx::isTaskState(KV.first) || KV.second == LockSet::entry())
        continue;
      Out.Touched.insert(KV.first);
      if (KV.second.only(LB_Write))
        Out.Held.insert(KV.first);
    }
    return Out;
  }
  /// Per lock class, the blocks where it is acquired under a runtime test
  /// (lockorder/EveryPath.h: taken on every path all the same?).
  std::map<std::string, std::set<unsigned>> GuardedAcquires;
  /// Per partition, blocks where an assertion (WARN_ON(shared)) says this
  /// partition's path cannot happen.
  std::map<unsigned, std::set<unsigned>> Failing;

  std::vector<SitedObligation> Obls;
  std::vector<PendingFinding> Violations;
  FunctionResult Result;

  /// An obligation at the current site, in partition V: a finding now,
  /// pending judgement, or nothing (Judge.h: classify). Only while collecting.
  /// Passed: equality modes of a callee this call passes on (passedModes()).
  void emit(Obligation O, const ContextState &St, unsigned V, const FunctionEnv &Env,
            const Valuation &Passed = {}) {
    if (!Collect)
      return;
    O.At = St;
    // (A lifted obligation brings its path's flags: liftSummary().)
    O.PathFlags.insert(St.Flags.begin(), St.Flags.end());
    O.At.Flags = {};
    O.When = Env.Parts.valuation(V);
    O.When.insert(O.When.end(), Passed.begin(), Passed.end());
    O.Owner = Env.fnName();
    Disposition D = classify(O, Env.Opts.Strict);
    // A need whose depth is unknown (a loop that may drop the section on
    // every iteration widened it) is never definite by depth; after a sleep
    // on every path it still is, by how far the depth moved since.
    if (D == Disposition::Drop && sleptBefore(O, St) && depthUnknown(O, St))
      D = Disposition::Pending;
    if (O.OwnStateOnly && D != Disposition::Finding)
      D = Disposition::Drop;
    switch (D) {
    case Disposition::Finding: {
      // (A sleep has no atoms: primaryAtom() only for an unlock's need.)
      std::string Unlocked;
      if (O.Check == CheckId::Unbalanced && !O.AnyOf.empty() && primaryAtom(O).K == Atom::Lock)
        Unlocked = primaryAtom(O).Key;
      Violations.push_back({violationFinding(O, Env.Opts.Strict), CurBlock, CurIndex, V, Unlocked});
      break;
    }
    case Disposition::Pending: {
      SitedObligation SO{std::move(O), CurBlock, CurIndex, V, CurCall};
      if (const SleepMark *M = sleptBefore(SO.O, St)) {
        SO.SleptBlock = M->Block;
        SO.SleptIndex = M->Index;
      }
      Obls.push_back(std::move(SO));
      break;
    }
    case Disposition::Drop:
      break;
    }
  }
};

} // namespace rcuctx
