// Calls through function pointers across files: each file records its
// indirect call sites (CallRecord::Slot) and what it stores into slots
// (TuRecord::Slots); the link merges every file's stores and gives each site
// the targets other files install (`kvm_x86_ops.vcpu_run` is stored in
// vmx/main.c and svm/svm.c, called in x86.c), as calls of their own, so
// their requirements are lifted like any callee's. Also counts what was
// resolved (rcuctx --indirect-stats).
#pragma once

#include "link/TuRecord.h"

#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <set>
#include <map>
#include <string>

namespace rcuctx {

struct IndirectStats {
  struct Row {
    unsigned Sites = 0, Resolved = 0;
  };
  std::map<std::string, Row> ByKind; // "ops member", "static_call", ...
  unsigned Sites = 0, Resolved = 0;
  unsigned long Targets = 0; // over resolved sites
  unsigned MaxTargets = 0;
  unsigned CallsAdded = 0; // targets only other files install
  unsigned SlotsKnown = 0; // slots some file stores a function into
  /// Every slot some file stores into or calls through (for rule checks).
  std::set<std::string> SlotsSeen;
  /// static_call() sites per name that nothing installs a function into.
  std::map<std::string, unsigned> StaticCallsWithoutUpdate;
};

/// Where a target named by a slot is defined: the TU of a static function
/// (one per TU that defines one), or CallRecord::LinkedGlobally for its
/// external definition.
using TargetDefs = std::function<std::vector<int>(const std::string &Name,
                                                  const std::set<unsigned> &StoredIn)>;

/// Adds, to every recorded indirect call site, a call record per target
/// only other files store into its slot; returns the counts.
IndirectStats expandIndirectCalls(std::vector<TuRecord> &Tus, const TargetDefs &Defs);

/// The --indirect-stats table (Markdown), then one note per static call
/// nothing installs and per rule naming a slot no analysed file has.
void printIndirectStats(const IndirectStats &S, bool On, const RuleSet &Rules,
                        llvm::raw_ostream &OS);

} // namespace rcuctx
