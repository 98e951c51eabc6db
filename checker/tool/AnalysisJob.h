// One file's analysis on a worker thread of the whole-program tool: what it
// is asked and what it gives back (Job: the summary as JSON text, an error,
// the compiler's messages, and with --cache what the parse read), and the
// Clang tooling action that parses the file and runs the analysis on it
// (Factory, defined in AnalysisJob.cpp with its action).
//
// It analyses one file and touches nothing shared: which files run, in
// what order and how often, and reading their summaries back, is
// ToolInputs.cpp.
#pragma once

#include "incremental/ResultCache.h"
#include "rules/Rules.h"
#include "summaries/TuAnalysis.h"

#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace rcuctx {
namespace tool {

struct Job {
  std::string File;
  std::string Summary; // JSON text
  std::string Error;   // why it was not checked
  std::string Diags;   // compiler errors, as printed
  // With --cache: the entry's key, the files the last parse read, and the
  // imported effects its analysis looked up.
  std::string Key;
  std::vector<Dependency> Deps;
  std::set<std::string> LookedUp;
};

struct Factory : clang::tooling::FrontendActionFactory {
  Factory(const RuleSet &Rules, Job &J, const TuAnalysis::ImportTable *Imports, bool WantDeps)
      : Rules(Rules), J(J), Imports(Imports), WantDeps(WantDeps) {}
  std::unique_ptr<clang::FrontendAction> create() override;
  const RuleSet &Rules;
  Job &J;
  const TuAnalysis::ImportTable *Imports;
  bool WantDeps;
};

/// Compiler errors of one file, buffered so parallel files do not interleave.
struct Buffered : clang::TextDiagnosticPrinter {
  Buffered(llvm::raw_ostream &OS, clang::DiagnosticOptions *O) : TextDiagnosticPrinter(OS, O) {}
};

} // namespace tool
} // namespace rcuctx
