// The intra-procedural dataflow: walks one function's clang CFG to a
// fixpoint over the context lattice (one state per value of the function's
// boolean mode parameters), applying rule steps and callee summaries, then
// collects the function's obligations, contradictions, imbalances and
// definite violations. It reports through the returned findings only.
#pragma once

#include "facts/FactExtractor.h"
#include "report/Finding.h"
#include "report/FindingText.h"
#include "summaries/CallSite.h"
#include "summaries/Judge.h"
#include "summaries/Summary.h"

#include "clang/AST/Decl.h"

#include "indirect/IndirectTargets.h"

#include <functional>

namespace rcuctx {

class PassedConstants; // dataflow/Partitions.h

struct AnalysisOptions {
  /// Also report violations on some (not every) path.
  bool Strict = false;
  /// Keep what the whole-program link needs to redo this function's
  /// judgement with callees from other files (FunctionResult::Detail).
  bool KeepDetail = false;
  /// Follow calls through function pointers to the functions the program
  /// stores there (indirect/); off: such calls stay unknown.
  bool ResolveIndirect = true;
  /// The TU's resolution of those calls (set by TuAnalysis).
  const IndirectTargets *Indirect = nullptr;
  /// The constants the TU's direct calls pass (set by TuAnalysis): the
  /// cases of a big switch on a parameter that are modes (Partitions.h).
  const PassedConstants *Passed = nullptr;
  /// Walk acyclic functions once, collecting as the walk goes. Off: always
  /// the fixpoint first, then a pass that collects (debug-two-pass: a test
  /// compares the two).
  bool OnePass = true;
};

/// A call to a function the link may know better than this TU: one defined
/// elsewhere, or defined here but whose summary other files may extend.
struct CallRecord {
  CallSiteFacts Facts;
  bool CalleeExternal = false; // no body in this TU
  bool CalleeStatic = false;   // internal linkage: only this TU can define it
  /// Some argument is an RCU pointer whose section has ended, in some
  /// partition: a callee in another file that dereferences it would be a
  /// stale use (what phase 2 imports DerefParams for).
  bool PassesStale = false;
  /// Its callee is defined in another file whose whole effect the analysis
  /// imported (phase 2), exact in the modes this call selects
  /// (Summary::InexactWhen): the states after this call
  /// include it, so the link judges the calls that follow it.
  bool EffectComposed = false;
  /// Inside an `if` on runtime state (BodyIndex::inGuard).
  bool Guarded = false;
  /// A call through a pointer, recorded once per site with Facts.Callee
  /// empty: its kind, slot, and the targets this TU already judged (each
  /// also recorded as a call of its own). The link adds the targets other
  /// files store into the slot (link/IndirectLink.h).
  int IndirectKind = -1; // IndirectResolution::Kind, -1 for a direct call
  std::string Slot;
  std::vector<std::string> TargetsHere;
  bool SlotByRule = false; // a rule names the slot: it, not the targets, decides
  /// Set by the link for a target it adds: the TU defining that static
  /// function, or LinkedGlobally for its one external definition (-1: a
  /// call the TU recorded itself).
  static constexpr int LinkedGlobally = -2;
  int TargetTu = -1;
  unsigned Block = 0, Index = 0;
  struct At {
    unsigned Partition = 0;
    ContextState St;          // the caller's state at the call
    std::map<int, bool> Known; // arguments with a known boolean value here
    std::map<int, int64_t> Consts; // arguments that are integer constants
    /// Other integer arguments with bits known here (`flags | BIT`): argument
    /// -> (mask, values), bits 0..62.
    std::map<int, std::pair<int64_t, int64_t>> Bits;
    /// Pointer arguments naming a const object (`&walk_ops`): argument ->
    /// its small integer fields by index (Partitions::objectFields()).
    std::map<int, std::map<int, int64_t>> Fields;
    /// The values this call gives a callee's modes (Summary::TrackedParams):
    /// Known for a parameter's truth, Consts for an equality with a
    /// constant, Consts or Bits for a bit, Fields for a field's equality
    /// (transfer/ModeKey.h).
    std::map<int, bool> modes(const std::vector<int> &Keys) const;
  };
  std::vector<At> States;     // per partition that reaches the call
  /// Arguments that are this function's integer parameters passed on
  /// unchanged: argument index -> parameter index (Summary::modeKeys()).
  std::map<int, int> Passes;
  /// Arguments that are a field of what one of this function's pointer
  /// parameters points to (`ops->walk_lock`): argument index -> (parameter,
  /// field index).
  std::map<int, std::pair<int, int>> PassesField;

  /// The callee's modes (Keys) this call selects in one of its caller's
  /// partitions, At: what the arguments fix (At::modes()), and an equality on
  /// an argument that passes on one of the caller's own modes, as the
  /// caller's partition has it (Mine, its valuation there): its parameter
  /// (`reg`), or a field of a parameter (walk_page_range() hands
  /// `ops->walk_lock` to process_vma_walk_lock()'s `switch`), which another
  /// equality of that field found true rules out. The file's analysis
  /// (Partitions::modeValue()) evaluates the same; the link asks this.
  std::map<int, bool> modesAt(const At &A, const std::vector<int> &Keys, const Valuation &Mine) const;
};

/// A function's pending obligations before judgement, its recorded calls,
/// and its CFG's shape: enough to judge it again when callees change.
struct FunctionDetail {
  std::vector<SitedObligation> Obls;
  std::vector<CallRecord> Calls;
  std::vector<std::vector<unsigned>> Succs; // by CFG block id
};

/// A callee's conflict reported at one of its call sites.
struct RelocatedConflict {
  const clang::FunctionDecl *Callee;
  size_t ConflictIndex;
};

/// A function the kernel will call in a known context, and where that was said.
struct EntryPoint {
  const clang::FunctionDecl *Fn = nullptr;
  std::string Context; // entry context name from the rules
  std::string What;    // "a work item"
  clang::SourceLocation Loc;
  std::vector<std::string> Holds; // lock classes the framework holds around it
};

struct FunctionResult {
  Summary S;
  std::vector<Finding> Findings;
  std::vector<RelocatedConflict> Relocated;
  std::vector<EntryPoint> Entries;
  /// Lock-order dependencies this function creates (lockorder/LockOrder.h).
  std::vector<OrderEdge> Edges;
  /// Lock classes it splits with lockdep_set_class*() (lockorder/LockOrder.h).
  std::vector<ClassSplit> Splits;
  FunctionDetail Detail; // with AnalysisOptions::KeepDetail
};

using SummaryLookup = std::function<const Summary *(const clang::FunctionDecl *)>;

FunctionResult analyzeFunction(const clang::FunctionDecl *FD, const FactExtractor &FX,
                               const SummaryLookup &Lookup, const AnalysisOptions &Opts);

} // namespace rcuctx
