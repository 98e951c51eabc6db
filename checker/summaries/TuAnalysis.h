// The translation-unit driver: finds the functions worth analysing (those
// defined in the main file and everything they reach), orders them bottom-up
// over the call graph by strongly connected components, iterates recursive
// components to a fixpoint, and hands the findings to a FindingHandler.
#pragma once

#include "dataflow/FunctionAnalysis.h"
#include "dataflow/Partitions.h"
#include "facts/SourceAnnotations.h"

#include "clang/AST/ASTContext.h"

#include <map>
#include <memory>
#include <set>
#include <string>

namespace rcuctx {

class TuAnalysis {
public:
  TuAnalysis(clang::ASTContext &Ctx, const FactExtractor &FX, AnalysisOptions Opts)
      : Ctx(Ctx), FX(FX), Opts(Opts) {
    if (this->Opts.ResolveIndirect) {
      Indirect = std::make_unique<IndirectTargets>(Ctx);
      this->Opts.Indirect = Indirect.get();
    }
    this->Opts.Passed = &Passed;
  }

  /// Effects of functions defined in other files, by name (the
  /// whole-program tool's phase 2): used for callees with no body here.
  using ImportTable = std::map<std::string, Summary>;
  void setImports(const ImportTable *I) { Imports = I; }
  /// The names run() looked up in the import table, found there or not:
  /// with the same entries for these, it finds the same (the incremental
  /// cache keys a phase-2 result by them: incremental/ResultCache.h).
  const std::set<std::string> &importsLookedUp() const { return LookedUp; }
  /// Every file's stores into function-pointer slots (whole program).
  void setSlotImports(const SlotTable *T) {
    if (Indirect)
      Indirect->import(*T);
  }
  /// This TU's resolution of calls through pointers (null when off).
  const IndirectTargets *indirect() const { return Indirect.get(); }

  /// Entry contexts stated in source comments (`// rcuctx-entry: softirq`).
  void setEntryAnnotations(std::vector<EntryAnnotation> A) { Annotations = std::move(A); }

  /// Analyses the TU; returns the findings, deduplicated, in source order.
  std::vector<Finding> run();

  const std::map<const clang::FunctionDecl *, Summary> &summaries() const { return Summaries; }
  /// Per function, what the link needs (with AnalysisOptions::KeepDetail).
  const std::map<const clang::FunctionDecl *, FunctionDetail> &details() const { return Details; }
  /// Entry points registered in this TU (by ops fields, calls or comments).
  const std::vector<EntryPoint> &entries() const { return Entries; }
  /// The lock-order dependencies the TU's functions create (lockorder/).
  const std::vector<OrderEdge> &orderEdges() const { return OrderEdges; }
  /// The lock classes its functions split with lockdep_set_class*().
  const std::vector<ClassSplit> &classSplits() const { return Splits; }
  clang::ASTContext &astContext() const { return Ctx; }

private:
  /// The functions FD calls that are analysed before it; notes in Passed
  /// the integer constants it passes them.
  std::vector<const clang::FunctionDecl *> callees(const clang::FunctionDecl *FD,
                                                   PassedConstants &Passed) const;
  /// One analysis of every function (run() may need two).
  std::vector<Finding> runOnce();

  clang::ASTContext &Ctx;
  const FactExtractor &FX;
  AnalysisOptions Opts;
  std::map<const clang::FunctionDecl *, Summary> Summaries;
  std::map<const clang::FunctionDecl *, FunctionDetail> Details;
  std::vector<EntryPoint> Entries;
  std::vector<OrderEdge> OrderEdges;
  std::vector<ClassSplit> Splits;
  /// Per RCU list, the locks every update of it here holds (runOnce()).
  std::map<std::string, std::vector<std::string>> ListUpdaters;
  std::vector<EntryAnnotation> Annotations;
  const ImportTable *Imports = nullptr;
  std::set<std::string> LookedUp;
  /// Imported effects, each with the modes in which it is not exact
  /// (Summary::InexactWhen).
  std::map<std::string, std::vector<Valuation>> Composed;
  std::unique_ptr<IndirectTargets> Indirect;
  PassedConstants Passed; // filled by runOnce()'s walk for the calls
};

} // namespace rcuctx
