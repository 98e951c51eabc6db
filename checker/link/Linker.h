// The whole-program link: merges the TU records into one call graph,
// resolves calls across files by name (internal-linkage functions only
// within their own file), and propagates what callees in other files
// require up through their callers to a fixpoint (cross-file recursion is
// bounded like the in-TU recursion). A function whose callees changed is
// judged again from its recorded detail, with the same lifting and judging
// code the per-function analysis uses, so chains and messages are the same,
// now across files. Entry points registered in one file for a function
// defined in another are checked too.
//
// What the link cannot redo is the dataflow itself: a callee from another
// file that changes the context (returns holding a lock, ends a section)
// makes the caller's recorded states after that call unreliable, so no new
// requirement is lifted there. It stays silent rather than guess.
#pragma once

#include "link/Annotations.h"
#include "link/IndirectLink.h"
#include "link/LockOrderLink.h"
#include "link/TuRecord.h"
#include "rules/Rules.h"
#include "summaries/EntryPoints.h"

#include <map>
#include <memory>

namespace rcuctx {

struct LinkOptions {
  bool Strict = false;
  unsigned MaxRounds = 8; // per function, for cross-file recursion
  /// Give calls through pointers the targets other files store (IndirectLink.h).
  bool Indirect = true;
};

struct LinkStats {
  unsigned Tus = 0, Functions = 0, CrossFileCalls = 0, Resolved = 0, Rejudged = 0,
           EntryPoints = 0, UncertainSites = 0;
};

struct LinkResult {
  std::vector<Finding> TuFindings;   // what each TU reported on its own
  std::vector<Finding> LinkFindings; // visible only across files
  LinkStats Stats;
  IndirectStats Indirect;
  std::vector<std::string> Warnings; // e.g. a function defined in two files
  /// Per kind of entry point ("a file_operations method"): how many, and
  /// what became of the requirements that reached them.
  struct EntryKind {
    unsigned Entries = 0;
    EntryTally Tally;
  };
  std::map<std::string, EntryKind> EntryKinds;
  /// The whole program's lock-order graph (rcuctx --lock-graph) and its size.
  std::unique_ptr<LockGraph> LockGraph;
  LockOrderStats LockOrder;
  /// Annotations the final summaries imply and the declarations lack.
  std::vector<AnnotationSuggestion> Suggestions;
};

LinkResult linkRecords(std::vector<TuRecord> &Tus, const RuleSet &Rules,
                       const clang::SourceManager &SM, const LinkOptions &Opts);

/// Findings in a stable order: by file, line, column, message.
void sortFindings(std::vector<Finding> &Fs, const clang::SourceManager &SM);

} // namespace rcuctx
