// One translation unit's contribution to the whole-program link: its
// functions (summary, and the detail needed to judge them again), the entry
// points it registers, and the findings it already reported. The plugin and
// the standalone tool write it as a summary file; the link reads many.
#pragma once

#include "dataflow/FunctionAnalysis.h"
#include "summaries/TuAnalysis.h"

#include <string>
#include <vector>

namespace rcuctx {

struct LinkFunction {
  std::string Name;
  bool Static = false; // internal linkage: visible in its own TU only
  bool Weak = false;   // __weak default, replaced by any strong definition
  clang::SourceLocation Loc;
  Summary S;
  FunctionDetail Detail;
  /// Where an annotation goes (just after the definition's parameter list,
  /// in the main file), invalid if nowhere sensible; and the parameters, as
  /// (name, pointee type), to write a lock class as an expression.
  clang::SourceLocation AnnotateAt;
  std::vector<std::pair<std::string, std::string>> Params;
};

struct LinkEntry {
  std::string Fn;
  bool Static = false;
  std::string Context, What;
  clang::SourceLocation Loc;
  std::vector<std::string> Holds;
};

struct TuRecord {
  std::string Path;   // the main file
  std::string Hash;   // of the main file's contents when analysed
  std::vector<LinkFunction> Functions;
  std::vector<LinkEntry> Entries;
  std::vector<Finding> Findings;
  /// The lock-order dependencies its functions create (lockorder/).
  std::vector<OrderEdge> Edges;
  /// The lock classes it splits with lockdep_set_class*().
  std::vector<ClassSplit> Splits;
  /// What this TU stores into function-pointer slots (indirect/SlotTable.h).
  SlotTable Slots;
  /// How to analyse this TU again (phase 2 from plugin summaries: `rcuctx
  /// --summaries`): the compiler's -cc1 arguments, plugin, output and
  /// dependency-file ones left out, and the folder they run in. Empty when
  /// the writer did not know them.
  std::string Directory;
  std::vector<std::string> Command;
  /// The analysis it was made with (link/ReanalysisCommand.h:
  /// analysisSignature): analysed again only by the same.
  std::string Analysis;
};

/// The record of an analysed TU (the TuAnalysis must have run with KeepDetail).
TuRecord makeTuRecord(const TuAnalysis &TU, const std::vector<Finding> &Findings,
                      const clang::SourceManager &SM);

/// Content hash used to notice a summary older than its source.
std::string contentHash(llvm::StringRef Data);

} // namespace rcuctx
