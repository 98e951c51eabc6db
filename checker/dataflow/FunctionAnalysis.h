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

struct FunctionResult {
  Summary S;
  std::vector<Finding> Findings;
  std::vector<RelocatedConflict> Relocated;
};

using SummaryLookup = std::function<const Summary *(const clang::FunctionDecl *)>;

FunctionResult analyzeFunction(const clang::FunctionDecl *FD, const FactExtractor &FX,
                               const SummaryLookup &Lookup, const AnalysisOptions &Opts);

/// Builds the finding for a callee's entry conflict reported at a call site.
Finding conflictFinding(const EntryConflict &C, const Obligation &AtSite,
                        clang::SourceLocation EndedHere);

} // namespace rcuctx
