// The intra-procedural dataflow: walks one function's clang CFG to a
// fixpoint over the context lattice (one state per value of the function's
// boolean mode parameters), applying rule steps and callee summaries, then
// collects the function's obligations, contradictions, imbalances and
// definite violations. It reports through the returned findings only.
#pragma once

#include "facts/FactExtractor.h"
#include "report/Finding.h"
#include "summaries/Summary.h"

#include "clang/AST/Decl.h"

#include <functional>

namespace rcuctx {

struct AnalysisOptions {
  /// Also report violations on some (not every) path.
  bool Strict = false;
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
};

using SummaryLookup = std::function<const Summary *(const clang::FunctionDecl *)>;

FunctionResult analyzeFunction(const clang::FunctionDecl *FD, const FactExtractor &FX,
                               const SummaryLookup &Lookup, const AnalysisOptions &Opts);

/// Builds the finding for an obligation violated at its site.
Finding violationFinding(const Obligation &O, bool Strict);

/// Builds the finding for a callee's entry conflict reported at a call site.
Finding conflictFinding(const EntryConflict &C, const Obligation &AtSite,
                        clang::SourceLocation EndedHere);

} // namespace rcuctx
