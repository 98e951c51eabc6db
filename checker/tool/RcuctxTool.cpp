// rcuctx: the whole-program front end, for CI. Parses every translation unit
// of a compile_commands.json in parallel (or reads the summary files a
// plugin build wrote), links them into one call graph, and reports what
// each file shows on its own and what only shows across files.
//
//   rcuctx -p build/ [files...]          clang-style diagnostics (--link-stats: counts)
//   rcuctx -p build/ --format=sarif -o rcuctx.sarif
//   rcuctx --summaries DIR [--link-only] summaries from -fplugin-arg-rcuctx-summary-dir=DIR
//   rcuctx --version                     version, LLVM, and each rules file with its SHA-256
//
// The bundled rules are <prefix>/share/rcuctx/rules next to <prefix>/bin/rcuctx
// (build/share/rcuctx/rules in the build tree), unless --rules-dir or
// $RCUCTX_RULES_DIR says otherwise (in that order).
//
// Exit status: 0 no findings, 1 findings, 2 usage or input errors (an
// unreadable database or summary, a file that does not parse).
//
// This file owns main(): the command line and --version, the rules, the
// link's source manager and diagnostics, and the order of the steps
// (ToolRun.h): summary folders and files read (ToolInputs.cpp), then linked
// and reported (ToolReport.cpp). The options are ToolOptions.h, the man page
// ManPage.cpp, one file's analysis AnalysisJob.cpp; none of those steps'
// work is done here.
#include "tool/ManPage.h"
#include "tool/ToolOptions.h"
#include "tool/ToolRun.h"

#include "rules/Rules.h"

#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace rcuctx;
using namespace rcuctx::tool;
namespace cl = llvm::cl;

namespace {

const char *const Overview = "rcuctx: RCU and lock-context checker, whole-program mode\n";

/// --version, handled here rather than by LLVM's version printer: that one
/// runs while the command line is still being parsed, before --rules-dir
/// or --rules after it are known.
bool takeVersionFlag(int &Argc, const char **Argv) {
  bool Found = false, Positional = false;
  int Out = 1;
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef A = Argv[I];
    Positional = Positional || A == "--";
    if (!Positional && (A == "--version" || A == "-version")) {
      Found = true;
      continue;
    }
    Argv[Out++] = Argv[I];
  }
  Argc = Out;
  return Found;
}

} // namespace

int rcuctx::tool::usageError(const std::string &Msg) {
  llvm::errs() << "rcuctx: error: " << Msg << "\n";
  return 2;
}

std::string rcuctx::tool::absolute(llvm::StringRef P, llvm::StringRef Base) {
  llvm::SmallString<256> S(P);
  if (!Base.empty() && !llvm::sys::path::is_absolute(S)) {
    S = Base;
    llvm::sys::path::append(S, P);
  }
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}

int main(int argc, const char **argv) {
  cl::HideUnrelatedOptions(Cat);
  // --help (and so rcuctx(1)) describes the --version takeVersionFlag() implements.
  if (cl::Option *V = cl::getRegisteredOptions().lookup("version"))
    V->setDescription("Print the rcuctx version, the LLVM it was built against and every rules file "
                      "loaded with its SHA-256 (as sha256sum prints it), then exit");
  // A crash analysing one file is reported for that file; the others go on.
  llvm::CrashRecoveryContext::Enable();
  bool Version = takeVersionFlag(argc, argv);
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &llvm::errs()))
    return 2;
  if (PrintMan) {
    if (Output.empty()) {
      printMan(llvm::outs());
      return 0;
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(Output, EC);
    if (EC)
      return usageError("cannot write '" + Output + "': " + EC.message());
    printMan(OS);
    return 0;
  }

  // Rules: the bundled ones next to this program (<prefix>/bin/rcuctx ->
  // <prefix>/share/rcuctx/rules) unless --rules-dir or $RCUCTX_RULES_DIR.
  RuleSet Rules;
  RulesError RErr;
  RulesLookup Lookup;
  Lookup.Explicit = RulesDir;
  Lookup.ExplicitName = "--rules-dir";
  Lookup.Self = llvm::sys::fs::getMainExecutable(argv[0], reinterpret_cast<void *>(&usageError));
  std::string UsedDir, How;
  if (!NoBundled)
    UsedDir = bundledRulesDir(Lookup, &How);
  bool Ok = NoBundled ? true : loadBundledRules(Rules, RErr, Lookup);
  for (const std::string &F : RulesFiles)
    if (Ok)
      Ok = loadRulesFile(F, Rules, RErr);
  if (Version)
    llvm::outs() << versionText(Rules, UsedDir, How);
  if (!Ok)
    return usageError(RErr.File + (RErr.Line ? ":" + std::to_string(RErr.Line) + ":" + std::to_string(RErr.Column) : "") +
                      ": " + RErr.Message);
  if (Version)
    return 0;

  if (BuildPath.empty() && SummaryDirs.empty())
    return usageError("nothing to check: give -p BUILD_DIR (compile_commands.json) or --summaries DIR");
  if (!CacheDir.empty() && BuildPath.empty())
    return usageError("--cache works with -p (a compilation database), not with --summaries alone");

  // The link's own files and source manager: every location read back from
  // a summary lives here.
  FileSystemOptions FSO;
  FileManager FM(FSO);
  DiagnosticOptions *DO = new DiagnosticOptions();
  DO->ShowColors = Output.empty() && llvm::sys::Process::StandardOutHasColors();
  std::string Report;
  llvm::raw_string_ostream ReportOS(Report);
  auto *Printer = new TextDiagnosticPrinter(ReportOS, DO);
  DiagnosticsEngine Diags(new DiagnosticIDs(), DO, Printer, /*ShouldOwnClient=*/true);
  SourceManager SM(Diags, FM);
  Diags.setSourceManager(&SM);
  LangOptions LO;
  Printer->BeginSourceFile(LO, nullptr);

  ToolRun Run(Rules, SM, Diags, Report, ReportOS, argv[0]);
  if (std::optional<int> Exit = Run.readSummaryFolders())
    return *Exit;
  if (std::optional<int> Exit = Run.analyseFiles())
    return *Exit;
  return Run.linkAndReport();
}
