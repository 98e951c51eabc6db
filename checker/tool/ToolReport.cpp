// What the whole-program tool does once everything is read (ToolRun,
// ToolRun.h): the errors of phase 2 and the summaries made with another
// analysis, --write-summaries, the link itself, its statistics
// (--link-stats, the lock-order and memory lines), --lock-graph,
// --indirect-stats, --entry-stats, --suggest-annotations, and the report:
// the findings (less --disable and NOLINT) as clang-style text or SARIF, to
// stdout or -o FILE; and the exit status.
//
// Owns ToolRun::linkAndReport(). It must not read or analyse files
// (ToolInputs.cpp): it only links the records it is given.
#include "tool/ToolOptions.h"
#include "tool/ToolRun.h"

#include "link/Linker.h"
#include "link/SummaryFile.h"
#include "report/ClangDiagHandler.h"
#include "report/SarifWriter.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <set>
#include <sys/resource.h>

using namespace clang;
using namespace rcuctx;
using namespace rcuctx::tool;

int ToolRun::linkAndReport() {
  for (const std::string &F : RerunFailures) {
    llvm::errs() << "rcuctx: error: " << F << (llvm::StringRef(F).ends_with("\n") ? "" : "\n");
    Status = 2;
  }
  if (OtherAnalysis)
    llvm::errs() << "rcuctx: warning: " << OtherAnalysis
                 << (OtherAnalysis == 1 ? " summary was" : " summaries were")
                 << " written with other rules or options than this run's; linked as written, "
                    "not analysed again for effects across files (give the same rules and "
                    "--strict/--no-indirect as the build's plugin)\n";
  double ReadSecs = std::chrono::duration<double>(std::chrono::steady_clock::now() - ReadStart).count();
  if (!WriteSummaries.empty())
    for (const TuRecord &R : Records)
      if (llvm::Error E = writeSummaryFile(R, SM, WriteSummaries)) {
        llvm::errs() << "rcuctx: error: " << llvm::toString(std::move(E)) << "\n";
        Status = 2;
      }

  LinkOptions LOpts;
  LOpts.Strict = Strict;
  LOpts.Indirect = !NoIndirect;
  auto LinkStart = std::chrono::steady_clock::now();
  LinkResult L = linkRecords(Records, Rules, SM, LOpts);
  double LinkSecs = std::chrono::duration<double>(std::chrono::steady_clock::now() - LinkStart).count();
  for (const std::string &W : L.Warnings)
    llvm::errs() << "rcuctx: warning: " << W << "\n";
  if (Stats)
    llvm::errs() << "rcuctx: " << L.Stats.Tus << " files, " << L.Stats.Functions << " functions, "
                 << L.Stats.CrossFileCalls << " calls to functions without a body in their file ("
                 << L.Stats.Resolved << " resolved in another file), " << L.Stats.Rejudged
                 << " functions judged again, " << L.Stats.EntryPoints << " entry points, "
                 << L.Stats.UncertainSites << " call sites left alone (callee effect unknown); "
                 << llvm::format("files %.2f s (parse or read), link %.2f s", ReadSecs, LinkSecs) << "\n";
  if (Stats && (!BuildPath.empty() || !Rerunnable.empty()))
    llvm::errs() << "rcuctx: effects across files: "
                 << (NoEffectImports ? std::string("off (--no-effects-across-files)")
                                     : std::to_string(Phase2.Composed) +
                                           " calls composed with the effect of a function another "
                                           "file defines; " +
                                           std::to_string(Phase2.Files.size()) +
                                           (Phase2.Files.size() == 1 ? " file" : " files") +
                                           " analysed again (" + std::to_string(Phase2.Runs) +
                                           (Phase2.Runs == 1 ? " run" : " runs") + ") in " +
                                           std::to_string(Phase2.Rounds) +
                                           (Phase2.Rounds == 1 ? " round" : " rounds") +
                                           (Phase2.Bounded ? " (stopped at the bound of " +
                                                                std::to_string(MaxEffectRounds) +
                                                                ": effects may not have settled)"
                                                          : "") +
                                           llvm::formatv(", {0:F2} s", Phase2Secs).str())
                 << "\n";

  if (Stats)
    llvm::errs() << "rcuctx: lock order: " << L.LockOrder.Classes << " classes, "
                 << L.LockOrder.Edges << " dependencies (" << L.LockOrder.AddedByLink
                 << " only across files), " << L.LockOrder.Cycles
                 << (L.LockOrder.Cycles == 1 ? " cycle" : " cycles")
                 << (L.LockOrder.SplitCycles
                         ? " (and " + std::to_string(L.LockOrder.SplitCycles) +
                               " only through classes lockdep_set_class() splits, not reported)"
                         : std::string())
                 << "; lock classes used in "
                 << "hardirq/softirq context " << L.LockOrder.InHardirq << "/"
                 << L.LockOrder.InSoftirq << ", taken with IRQs/BH enabled "
                 << L.LockOrder.HardirqOn << "/" << L.LockOrder.SoftirqOn << "\n";
  if (Stats) {
    // What the lock order holds beside the rest of the link (issue #17's
    // bench: bench/whole_program_ab.py prints it).
    struct rusage RU;
    getrusage(RUSAGE_SELF, &RU);
    llvm::errs() << llvm::formatv("rcuctx: lock order memory: graph {0} KB, acquisitions {1} KB; "
                                  "peak RSS of this process {2} MB\n",
                                  (L.LockOrder.GraphBytes + 1023) / 1024,
                                  (L.LockOrder.AcquiresBytes + 1023) / 1024, RU.ru_maxrss / 1024);
  }
  if (!LockGraphOut.empty() && L.LockGraph) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(LockGraphOut, EC);
    if (EC) {
      llvm::errs() << "rcuctx: error: cannot write '" << LockGraphOut << "': " << EC.message()
                   << "\n";
      return 1;
    }
    OS << L.LockGraph->dot(&SM);
  }

  if (IndirectStatsOpt)
    printIndirectStats(L.Indirect, !NoIndirect, Rules, llvm::errs());

  if (EntryStats) {
    llvm::errs() << "| entry point kind | entry points | requirements reaching them | satisfied "
                    "| violated (findings) | open | through a function pointer |\n"
                    "|---|---:|---:|---:|---:|---:|---:|\n";
    LinkResult::EntryKind Total;
    for (auto &[What, K] : L.EntryKinds) {
      llvm::errs() << "| " << What << " | " << K.Entries << " | " << K.Tally.Reached << " | "
                   << K.Tally.Satisfied << " | " << K.Tally.Violated << " | " << K.Tally.Open << " | "
                   << K.Tally.ViaPointer << " |\n";
      Total.Entries += K.Entries;
      Total.Tally.Reached += K.Tally.Reached;
      Total.Tally.Satisfied += K.Tally.Satisfied;
      Total.Tally.Violated += K.Tally.Violated;
      Total.Tally.Open += K.Tally.Open;
      Total.Tally.ViaPointer += K.Tally.ViaPointer;
    }
    llvm::errs() << "| **total** | " << Total.Entries << " | " << Total.Tally.Reached << " | "
                 << Total.Tally.Satisfied << " | " << Total.Tally.Violated << " | "
                 << Total.Tally.Open << " | " << Total.Tally.ViaPointer << " |\n";
  }

  if (!SuggestAnnotations.empty()) {
    std::string Root = SourceRoot.empty() ? absolute(".") : absolute(SourceRoot);
    std::string Patch = annotationPatch(L.Suggestions, SM, Root);
    if (SuggestAnnotations == "-") {
      llvm::outs() << Patch;
    } else {
      std::error_code EC;
      llvm::raw_fd_ostream OS(SuggestAnnotations, EC);
      if (EC)
        return usageError("cannot write '" + SuggestAnnotations + "': " + EC.message());
      OS << Patch;
    }
    llvm::errs() << "rcuctx: " << L.Suggestions.size() << " annotation(s) suggested\n";
  }

  std::vector<Finding> Out;
  if (!LinkOnly)
    Out = L.TuFindings;
  Out.insert(Out.end(), L.LinkFindings.begin(), L.LinkFindings.end());
  sortFindings(Out, SM);
  // NOLINT and --disable, as in the plugin.
  std::set<std::string> Off(Disabled.begin(), Disabled.end());
  std::vector<Finding> Shown;
  for (const Finding &F : Out) {
    std::string Check = checkName(F.Check);
    if (Off.count(Check) || suppressedByComment(SM, F.Loc, Check))
      continue;
    Shown.push_back(F);
  }

  if (OutFormat == Format::Sarif) {
    SarifOptions SO;
    if (!SourceRoot.empty())
      SO.SourceRoot = absolute(SourceRoot);
    Report = writeSarif(Shown, SM, SO) + "\n";
  } else {
    ClangDiagHandler H(Diags, SM, /*AsErrors=*/false, {});
    for (const Finding &F : Shown)
      H.handle(F);
    unsigned N = Shown.size();
    if (N)
      ReportOS << N << (N == 1 ? " finding" : " findings") << " in " << Records.size()
               << (Records.size() == 1 ? " file" : " files") << ".\n";
  }
  ReportOS.flush();
  if (Output.empty()) {
    llvm::outs() << Report;
  } else {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Output, EC);
    if (EC)
      return usageError("cannot write '" + Output + "': " + EC.message());
    OS << Report;
  }
  if (Status)
    return Status;
  return Shown.empty() ? 0 : 1;
}
