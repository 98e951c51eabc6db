// One run of the whole-program tool, as its steps share it: the rules, the
// link's source manager and report, the records read for the link, what
// reading them found (failures, the exit status so far) and what phase 2
// (effects across files) did. main() (RcuctxTool.cpp) makes it after the
// command line and the rules, and calls its steps in order:
//   readSummaryFolders()  ToolInputs.cpp  the summaries of --summaries DIR
//   analyseFiles()        ToolInputs.cpp  the compilation database: phase 1
//                                         and phase 2
//   linkAndReport()       ToolReport.cpp  the link, its statistics, the report
// Also declares the two helpers every step uses (usageError(), absolute(),
// defined in RcuctxTool.cpp).
//
// Holds declarations only; no step's behaviour lives here.
#pragma once

#include "link/EffectImports.h"
#include "link/TuRecord.h"
#include "rules/Rules.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rcuctx {
namespace tool {

/// "rcuctx: error: Msg" on stderr; the exit status of a usage or input
/// error (2).
int usageError(const std::string &Msg);

/// P made absolute (against Base when P is relative and Base is given),
/// without "." and ".." components.
std::string absolute(llvm::StringRef P, llvm::StringRef Base = "");

class ToolRun {
public:
  ToolRun(const RuleSet &Rules, clang::SourceManager &SM, clang::DiagnosticsEngine &Diags,
          std::string &Report, llvm::raw_string_ostream &ReportOS, const char *Argv0);

  /// Reads the summary files of every --summaries folder: into Records, or
  /// into Rerunnable when phase 2 may analyse the file again. A value is
  /// main()'s exit status (a folder that cannot be read).
  std::optional<int> readSummaryFolders();
  /// Analyses the files of the compilation database, or those of the
  /// Rerunnable summaries (phase 1 is their summary), with effects across
  /// files (phase 2) unless --no-effects-across-files; their records go into
  /// Records. A value is main()'s exit status (a usage or input error).
  std::optional<int> analyseFiles();
  /// Links Records, prints the statistics asked for and the report (text or
  /// SARIF), and writes what was asked into files; main()'s exit status.
  int linkAndReport();

private:
  const RuleSet &Rules;
  clang::SourceManager &SM;
  clang::DiagnosticsEngine &Diags;
  std::string &Report;
  llvm::raw_string_ostream &ReportOS;
  const char *Argv0; // this program, as main() was given it

  std::vector<TuRecord> Records;
  /// Plugin summaries of files phase 2 may analyse again (TuRecord::Command).
  struct RerunnableSummary {
    std::string File, Text, Directory;
    std::vector<std::string> Command;
  };
  std::vector<RerunnableSummary> Rerunnable;
  unsigned OtherAnalysis = 0; // summaries made with other rules or options
  /// Files phase 2 could not parse again (their phase 1 stands): reported.
  std::vector<std::string> RerunFailures;
  int Status = 0;
  // Phase 2 (effects across files): rounds at most, and what it did.
  static constexpr unsigned MaxEffectRounds = 4;
  EffectRounds Phase2;
  double Phase2Secs = 0;
  std::chrono::steady_clock::time_point ReadStart = std::chrono::steady_clock::now();
  // This run's analysis, to compare with the one each summary was made with:
  // built once, not once per summary.
  const std::string ThisAnalysis;
};

} // namespace tool
} // namespace rcuctx
