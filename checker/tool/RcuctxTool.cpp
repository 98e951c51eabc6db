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
#include <sys/resource.h>
#include "facts/FactExtractor.h"
#include "facts/MacroIndex.h"
#include "facts/SourceAnnotations.h"
#include "link/EffectImports.h"
#include "link/Linker.h"
#include "link/ReanalysisCommand.h"
#include "link/SummaryFile.h"
#include "incremental/ResultCache.h"
#include "plugin/PluginOptionTable.h"
#include "report/ClangDiagHandler.h"
#include "report/SarifWriter.h"
#include "rules/Rules.h"
#include "summaries/TuAnalysis.h"

#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <map>
#include <set>
#include <chrono>
#include <mutex>
#include <thread>

using namespace clang;
using namespace rcuctx;
namespace cl = llvm::cl;

static cl::OptionCategory Cat("rcuctx options");
static cl::opt<std::string> BuildPath("p", cl::desc("Build folder with compile_commands.json (or the file itself)"),
                                      cl::value_desc("path"), cl::cat(Cat));
static cl::list<std::string> Files(cl::Positional, cl::desc("[files to check; default: every file in the database]"),
                                   cl::cat(Cat));
static cl::opt<unsigned> Jobs("j", cl::desc("Parse N files in parallel (default: all cores)"), cl::init(0), cl::Prefix,
                              cl::value_desc("N"),
                              cl::cat(Cat));
static cl::list<std::string> SummaryDirs("summaries", cl::desc("Link the summary files in DIR (written by "
                                                               "-fplugin-arg-rcuctx-summary-dir=DIR) instead of parsing"),
                                         cl::value_desc("dir"), cl::cat(Cat));
static cl::opt<std::string> WriteSummaries("write-summaries", cl::desc("Also write each parsed file's summary into DIR"),
                                           cl::value_desc("dir"), cl::cat(Cat));
static cl::opt<std::string> CacheDir(
    "cache", cl::desc("Keep each file's results in DIR and use them again while the file, "
                      "everything it includes, its command and this rcuctx are unchanged "
                      "(with -p)"),
    cl::value_desc("DIR"), cl::cat(Cat));
static cl::opt<bool> LinkOnly("link-only", cl::desc("Report only what is visible across files (the build already "
                                                    "reported the rest)"),
                              cl::cat(Cat));
enum class Format { Text, Sarif };
static cl::opt<Format> OutFormat("format", cl::desc("Output format"), cl::value_desc("text|sarif"),
                                 cl::values(clEnumValN(Format::Text, "text", "clang-style diagnostics"),
                                            clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0")),
                                 cl::init(Format::Text), cl::cat(Cat));
static cl::opt<std::string> Output("o", cl::desc("Write the report to FILE (default: stdout)"),
                                   cl::value_desc("file"), cl::cat(Cat));
static cl::opt<std::string> SourceRoot("source-root", cl::desc("SARIF: make paths under DIR relative (%SRCROOT%)"),
                                       cl::value_desc("dir"), cl::cat(Cat));
static cl::list<std::string> RulesFiles("rules", cl::desc("Add a rules file (repeatable)"),
                                        cl::value_desc("file"), cl::cat(Cat));
static cl::opt<std::string> RulesDir("rules-dir",
                                     cl::desc("Load the bundled rules from DIR (default: $RCUCTX_RULES_DIR, else "
                                              "<prefix>/share/rcuctx/rules next to this program)"),
                                     cl::value_desc("dir"), cl::cat(Cat));
static cl::opt<bool> NoBundled("no-bundled-rules", cl::desc("Do not load the bundled kernel rules"), cl::cat(Cat));
static cl::opt<bool> Strict("strict", cl::desc("Also report violations on some (not every) path"), cl::cat(Cat));
static cl::list<std::string> Disabled("disable", cl::desc("Silence a check (repeatable)"),
                                      cl::value_desc("check"), cl::cat(Cat));
static cl::list<std::string> ExtraArgs("extra-arg", cl::desc("Add a compiler argument to every file"),
                                       cl::value_desc("arg"), cl::cat(Cat));
static cl::opt<std::string> SuggestAnnotations(
    "suggest-annotations",
    cl::desc("Write a patch adding __must_hold()/__must_hold_shared() to functions whose every call "
             "needs a lock or RCU held and whose declaration does not say so ('-': stdout)"),
    cl::value_desc("file"), cl::cat(Cat));
static cl::opt<bool> EntryStats("entry-stats",
                                cl::desc("Print a table of the entry points found, by kind, and what "
                                         "became of the requirements that reached them"),
                                cl::cat(Cat));
static cl::opt<bool> Quiet("quiet", cl::desc("No progress line"), cl::cat(Cat));
static cl::opt<bool> Stats("link-stats", cl::desc("Print link statistics to stderr"), cl::cat(Cat));
static cl::opt<bool> NoIndirect(
    "no-indirect",
    cl::desc("Leave calls through function pointers unknown (by default each function the "
             "program stores into the slot is judged as a direct call would be)"),
    cl::cat(Cat));
static cl::opt<bool> IndirectStatsOpt(
    "indirect-stats",
    cl::desc("Print a table of the calls through function pointers: sites, resolved, by kind, "
             "targets per resolved site"),
    cl::cat(Cat));
static cl::opt<bool> NoEffectImports(
    "no-effects-across-files",
    cl::desc("Analyse each file once: calls to functions defined in other files change nothing "
             "(no phase 2)"),
    cl::cat(Cat));
static cl::opt<std::string> LockGraphOut(
    "lock-graph",
    cl::desc("Write the lock-order graph of what was analysed as Graphviz DOT: lock classes and "
             "SRCU domains as nodes, each edge with one site that creates it, cycles in red"),
    cl::value_desc("file.dot"), cl::cat(Cat));
// Prints the man page rcuctx(1) from this option table (the build installs it).
static cl::opt<bool> PrintMan("print-man", cl::desc("Print the rcuctx(1) man page"), cl::ReallyHidden);

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

std::string roff(llvm::StringRef S) {
  std::string R;
  for (char C : S) {
    if (C == '\\')
      R += "\\e";
    else if (C == '-')
      R += "\\-";
    else
      R += C;
  }
  if (!R.empty() && (R[0] == '.' || R[0] == '\''))
    R = "\\&" + R;
  return R;
}

/// rcuctx(1), from the same registered options that --help prints and the
/// plugin's option table.
void printMan(llvm::raw_ostream &OS) {
  OS << ".\\\" Generated by rcuctx --print-man from its option table; do not edit.\n"
     << ".TH RCUCTX 1 \"\" \"rcuctx " RCUCTX_VERSION "\" \"User Commands\"\n"
     << ".SH NAME\nrcuctx \\- RCU and lock-context checker for Linux kernel code\n"
     << ".SH SYNOPSIS\n.B rcuctx\n\\-p \\fIBUILD_DIR\\fR [\\fIoptions\\fR] [\\fIfiles\\fR...]\n.br\n"
     << ".B rcuctx\n\\-\\-summaries \\fIDIR\\fR [\\-\\-link\\-only] [\\fIoptions\\fR]\n.br\n"
     << ".B rcuctx\n\\-\\-version\n.br\n"
     << ".B clang\\-19\n\\-fplugin=\\fIPREFIX\\fR/lib/rcuctx/rcuctx.so "
        "[\\-fplugin\\-arg\\-rcuctx\\-\\fIOPTION\\fR...] ...\n"
     << ".SH DESCRIPTION\n"
     << "rcuctx infers what every function requires of its calling context (an RCU read-side "
        "section, a lock in a given mode, being allowed to sleep), carries those requirements up "
        "the call graph and reports definite violations. The whole-program tool parses every "
        "file of a compile_commands.json (or links the summary files a plugin build wrote) and "
        "also reports what only shows across files.\n"
     << ".SH OPTIONS\n";
  // Options of this program and those LLVM registers for every subcommand
  // (--help, --help-list, ...): all but the really hidden ones (--print-man).
  std::map<std::string, cl::Option *> Sorted;
  for (cl::SubCommand *Sub : {&cl::SubCommand::getTopLevel(), &cl::SubCommand::getAll()})
    for (auto &KV : cl::getRegisteredOptions(*Sub)) {
      cl::Option *O = KV.second;
      if (O->getOptionHiddenFlag() == cl::ReallyHidden || O->ArgStr.empty() || KV.first() != O->ArgStr)
        continue;
      Sorted.emplace(KV.first().str(), O);
    }
  for (auto &[Name, O] : Sorted) {
    std::string Flag = (Name.size() == 1 ? "-" : "--") + Name;
    OS << ".TP\n.B " << roff(Flag);
    if (O->getValueExpectedFlag() == cl::ValueRequired && !O->ValueStr.empty())
      OS << (O->getFormattingFlag() == cl::Prefix || Name.size() == 1 ? " " : "=")
         << "\\fI" << roff(O->ValueStr.upper()) << "\\fR";
    OS << "\n" << roff(O->HelpStr) << "\n";
  }
  OS << ".SH PLUGIN OPTIONS\nThe Clang plugin checks each file as it compiles; each option is "
        "passed as \\-fplugin\\-arg\\-rcuctx\\-\\fIOPTION\\fR.\n";
  for (const PluginOptionDoc &P : PluginOptionTable)
    OS << ".TP\n.B " << roff(P.Name) << "\n" << roff(P.Meaning) << "\n";
  OS << ".SH RULES\nThe bundled rules (rules/*.yaml) are found in this order: an explicit "
        "\\-\\-rules\\-dir (plugin: rules\\-dir=, clang\\-tidy: RcuctxRulesDir); then "
        "$RCUCTX_RULES_DIR; then \\fIPREFIX\\fR/share/rcuctx/rules relative to the program "
        "(\\fIPREFIX\\fR/bin/rcuctx) or the plugin (\\fIPREFIX\\fR/lib/rcuctx/rcuctx.so). A folder "
        "that is missing, unreadable or holds a file of a newer rules version is one error "
        "naming it, and exit status 2.\n"
     << ".SH EXIT STATUS\n0: no findings; 1: findings; 2: usage or input error (rules, an "
        "unreadable database or summary, a file that does not parse).\n"
     << ".SH FILES\n.TP\n.I PREFIX/share/rcuctx/rules/*.yaml\nthe bundled kernel rules\n"
     << ".TP\n.I PREFIX/lib/rcuctx/rcuctx.so\nthe Clang plugin\n"
     << ".TP\n.I PREFIX/lib/rcuctx/librcuctx\\-tidy.so\nthe clang\\-tidy module "
        "(clang\\-tidy\\-19 \\-\\-load=...)\n"
     << ".SH SEE ALSO\n.BR clang (1),\n.BR clang\\-tidy (1);\n"
     << ".I PREFIX/share/doc/rcuctx/\n";
}

int usageError(const std::string &Msg) {
  llvm::errs() << "rcuctx: error: " << Msg << "\n";
  return 2;
}

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

/// The files a parse read (main file, headers, forced includes), each with
/// the hash of the buffer the parse used.
std::vector<Dependency> dependenciesOf(const SourceManager &SM) {
  std::vector<Dependency> Out;
  for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End; ++It) {
    FileEntryRef FE = It->first;
    // The name the parse used (made absolute), not the symlink-resolved
    // one: re-pointing a symlinked header or folder must change the entry.
    llvm::SmallString<256> P(FE.getName());
    SM.getFileManager().getVirtualFileSystem().makeAbsolute(P);
    llvm::sys::path::remove_dots(P, false);
    std::string Path(P);
    std::string Hash;
    if (auto Buf = It->second->getBufferIfLoaded())
      Hash = ResultCache::hashContent(Buf->getBuffer());
    else if (auto B = llvm::MemoryBuffer::getFile(Path, false, false))
      Hash = ResultCache::hashContent((*B)->getBuffer());
    Out.push_back({std::move(Path), std::move(Hash)});
  }
  std::sort(Out.begin(), Out.end(), [](const Dependency &A, const Dependency &B) { return A.Path < B.Path; });
  return Out;
}

/// Runs the analysis on one parsed TU and keeps its summary as JSON text.
class Action : public ASTFrontendAction {
public:
  Action(const RuleSet &Rules, Job &J, const TuAnalysis::ImportTable *Imports, bool WantDeps)
      : Rules(Rules), J(J), Imports(Imports), WantDeps(WantDeps) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, llvm::StringRef) override {
    Macros = std::make_unique<MacroIndex>(CI.getSourceManager());
    const RuleSet *R = &Rules;
    CI.getPreprocessor().addPPCallbacks(Macros->makeRecorder([R](llvm::StringRef Name) {
      return R->recordsMacro(Name.str());
    }));
    Comments = SourceAnnotations::makeHandler(Annotations);
    CI.getPreprocessor().addCommentHandler(Comments.get());
    return std::make_unique<Consumer>(*this, CI);
  }

  void EndSourceFileAction() override {
    if (Comments && getCompilerInstance().hasPreprocessor())
      getCompilerInstance().getPreprocessor().removeCommentHandler(Comments.get());
  }

private:
  struct Consumer : ASTConsumer {
    Consumer(Action &A, CompilerInstance &CI) : A(A), CI(CI) {}
    void HandleTranslationUnit(ASTContext &Ctx) override {
      if (CI.getDiagnostics().hasErrorOccurred())
        return; // reported by the diagnostics consumer
      llvm::CrashRecoveryContext CRC;
      bool Ok = CRC.RunSafely([&] {
        FactExtractor FX(Ctx, A.Rules, *A.Macros);
        AnalysisOptions AO;
        AO.Strict = Strict;
        AO.ResolveIndirect = !NoIndirect;
        AO.KeepDetail = true;
        TuAnalysis TU(Ctx, FX, AO);
        TU.setEntryAnnotations(A.Annotations.Entries);
        TU.setImports(A.Imports);
        std::vector<Finding> Findings = TU.run();
        A.J.Summary = writeSummary(makeTuRecord(TU, Findings, Ctx.getSourceManager()), Ctx.getSourceManager());
        A.J.LookedUp = TU.importsLookedUp();
        if (A.WantDeps)
          A.J.Deps = dependenciesOf(Ctx.getSourceManager());
      });
      if (!Ok)
        A.J.Error = "internal error while analysing this file; it was not checked";
    }
    Action &A;
    CompilerInstance &CI;
  };

  const RuleSet &Rules;
  Job &J;
  const TuAnalysis::ImportTable *Imports;
  bool WantDeps;
  std::unique_ptr<MacroIndex> Macros;
  SourceAnnotations Annotations;
  std::unique_ptr<CommentHandler> Comments;
};

struct Factory : tooling::FrontendActionFactory {
  Factory(const RuleSet &Rules, Job &J, const TuAnalysis::ImportTable *Imports, bool WantDeps)
      : Rules(Rules), J(J), Imports(Imports), WantDeps(WantDeps) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(Rules, J, Imports, WantDeps);
  }
  const RuleSet &Rules;
  Job &J;
  const TuAnalysis::ImportTable *Imports;
  bool WantDeps;
};

/// Compiler errors of one file, buffered so parallel files do not interleave.
struct Buffered : TextDiagnosticPrinter {
  Buffered(llvm::raw_ostream &OS, DiagnosticOptions *O) : TextDiagnosticPrinter(OS, O) {}
};

std::string absolute(llvm::StringRef P, llvm::StringRef Base = "") {
  llvm::SmallString<256> S(P);
  if (!Base.empty() && !llvm::sys::path::is_absolute(S)) {
    S = Base;
    llvm::sys::path::append(S, P);
  }
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}

} // namespace

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
  const unsigned MaxEffectRounds = 4;
  EffectRounds Phase2;
  double Phase2Secs = 0;
  auto ReadStart = std::chrono::steady_clock::now();

  // Summaries from plugin builds. This run's analysis, to compare with the
  // one each summary was made with: built once, not once per summary.
  const std::string ThisAnalysis = analysisSignature(Rules, Strict, !NoIndirect);
  for (const std::string &Dir : SummaryDirs) {
    std::error_code EC;
    if (!llvm::sys::fs::is_directory(Dir))
      return usageError("summary folder '" + Dir + "' does not exist");
    std::vector<std::string> Paths;
    for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with(".rcuctx.json"))
        Paths.push_back(It->path());
    std::sort(Paths.begin(), Paths.end());
    if (EC)
      return usageError("cannot read summary folder '" + Dir + "': " + EC.message());
    for (const std::string &P : Paths) {
      auto R = readSummaryFile(P, SM);
      if (!R) {
        llvm::errs() << "rcuctx: error: " << llvm::toString(R.takeError()) << "\n";
        Status = 2;
        continue;
      }
      // A summary that says how its file was compiled takes part in phase 2
      // like a file of a compilation database: read now, parsed again only
      // if an effect it imports from another file says so.
      // Only under the analysis it was made with: the same rules (by
      // content) and options. Otherwise its phase 1 stands as written.
      if (BuildPath.empty() && !NoEffectImports && !R->Command.empty()) {
        if (R->Analysis != ThisAnalysis) {
          ++OtherAnalysis;
        } else if (auto Buf = llvm::MemoryBuffer::getFile(P)) {
          Rerunnable.push_back({R->Path, (*Buf)->getBuffer().str(), R->Directory, R->Command});
          continue;
        }
      }
      Records.push_back(std::move(*R));
    }
  }

  // Parse the compilation database (or, for summaries that say how their
  // files were compiled, one made of those commands: phase 1 is read from
  // the summaries, and only phase 2 parses).
  if (!BuildPath.empty() || !Rerunnable.empty()) {
    std::string Err;
    std::unique_ptr<tooling::CompilationDatabase> DB;
    bool FromSummaries = BuildPath.empty();
    if (FromSummaries) {
      llvm::json::Array Entries;
      for (const RerunnableSummary &S : Rerunnable) {
        llvm::json::Array Args;
        for (const std::string &A : S.Command)
          Args.push_back(A);
        Entries.push_back(llvm::json::Object{
            {"directory", S.Directory}, {"file", S.File}, {"arguments", std::move(Args)}});
      }
      std::string Json;
      llvm::raw_string_ostream JOS(Json);
      JOS << llvm::json::Value(std::move(Entries));
      DB = tooling::JSONCompilationDatabase::loadFromBuffer(Json, Err,
                                                            tooling::JSONCommandLineSyntax::AutoDetect);
      if (!DB)
        return usageError("cannot use the commands recorded in the summaries: " + Err);
    } else if (llvm::sys::fs::is_directory(BuildPath))
      DB = tooling::CompilationDatabase::loadFromDirectory(BuildPath, Err);
    else
      DB = tooling::JSONCompilationDatabase::loadFromFile(BuildPath, Err,
                                                          tooling::JSONCommandLineSyntax::AutoDetect);
    if (!DB)
      return usageError("cannot load compilation database from '" + BuildPath + "': " + Err);
    std::vector<std::string> All = DB->getAllFiles();
    std::vector<Job> JobsList;
    if (FromSummaries) {
      for (RerunnableSummary &S : Rerunnable)
        JobsList.push_back({S.File, std::move(S.Text), "", ""});
    } else if (Files.empty()) {
      // Assembler sources (Kbuild lists vmenter.S) have nothing to check.
      for (const std::string &F : All) {
        llvm::StringRef Ext = llvm::sys::path::extension(F);
        if (Ext == ".S" || Ext == ".s" || Ext == ".asm")
          continue;
        JobsList.push_back({F, "", "", ""});
      }
    } else {
      for (const std::string &F : Files) {
        std::string A = absolute(F);
        bool Found = false;
        for (const std::string &G : All)
          if (absolute(G) == A) {
            JobsList.push_back({G, "", "", ""});
            Found = true;
          }
        if (!Found)
          return usageError("'" + F + "' is not in the compilation database");
      }
    }
    // --cache: each file's entry key, from this rcuctx, the analysis and
    // the commands as this run adjusts them (below).
    std::unique_ptr<ResultCache> Cache;
    if (!CacheDir.empty()) {
      // This rcuctx: its version, the Clang it runs (a libclang-cpp update
      // may parse differently) and its own executable's content.
      std::string Self = std::string(RCUCTX_VERSION) + "/" + clang::getClangFullVersion();
      if (auto Exe = llvm::MemoryBuffer::getFile(
              llvm::sys::fs::getMainExecutable(argv[0], reinterpret_cast<void *>(&usageError)),
              false, false))
        Self += "+" + ResultCache::hashContent((*Exe)->getBuffer());
      auto C = ResultCache::open(CacheDir, Self);
      if (!C)
        return usageError(llvm::toString(C.takeError()));
      Cache = std::move(*C);
    }
    unsigned N = Jobs ? Jobs : std::max(1u, std::thread::hardware_concurrency());
    N = std::min<unsigned>(N, std::max<size_t>(1, JobsList.size()));
    bool Progress = !Quiet && llvm::sys::Process::StandardErrIsDisplayed();
    std::mutex Mu;
    auto Adjust = [](const tooling::CommandLineArguments &Args, llvm::StringRef) {
      // A -cc1 command (recorded by a plugin build): its own resource
      // directory, no plugin, output or dependency file.
      if (Args.size() > 1 && Args[1] == "-cc1") {
        tooling::CommandLineArguments Out = withoutSideEffects(Args);
        Out.push_back("-w");
        for (const std::string &E : ExtraArgs)
          Out.push_back(E);
        return Out;
      }
      tooling::CommandLineArguments Out;
      for (size_t I = 0; I < Args.size(); ++I) {
        llvm::StringRef A = Args[I];
        // Never load plugins (a kernel built with KCFLAGS=-fplugin=rcuctx.so)
        // into this process, and keep compiler warnings out of the report.
        if (A.starts_with("-fplugin=") || A.starts_with("-fplugin-arg-") || A.starts_with("-Werror"))
          continue;
        // No dependency files: the build writes them (Kbuild's
        // -Wp,-MMD,dir/.x.o.d), and a relative one would land wherever
        // this process happens to be.
        if (A.starts_with("-Wp,-M") || A == "-MD" || A == "-MMD" || A == "-MP")
          continue;
        if ((A == "-MF" || A == "-MT" || A == "-MQ") && I + 1 < Args.size()) {
          ++I;
          continue;
        }
        Out.push_back(Args[I]);
      }
      Out.push_back("-w");
#ifdef RCUCTX_CLANG_RESOURCE_DIR
      Out.push_back("-resource-dir=" RCUCTX_CLANG_RESOURCE_DIR);
#endif
      for (const std::string &E : ExtraArgs)
        Out.push_back(E);
      return Out;
    };
    if (Cache)
      for (Job &J : JobsList) {
        std::vector<std::pair<std::string, std::vector<std::string>>> Commands;
        for (const tooling::CompileCommand &C : DB->getCompileCommands(J.File))
          Commands.push_back({C.Directory, Adjust(C.CommandLine, C.Filename)});
        // The environment the driver reads include folders from.
        std::vector<std::string> Env;
        for (const char *V : {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH"})
          Env.push_back(std::string(V) + "=" + (getenv(V) ? getenv(V) : ""));
        Commands.push_back({"<environment>", Env});
        J.Key = Cache->key(ThisAnalysis, absolute(J.File), Commands);
      }
    // Runs the files Which (indexes into JobsList), importing Imports (with
    // --cache, their fingerprints by name: Fingerprints).
    auto RunJobs = [&](const std::vector<size_t> &Which, const TuAnalysis::ImportTable *Imports,
                       const std::map<std::string, std::string> *Fingerprints) {
      std::atomic<size_t> Next{0}, Done{0};
      auto Worker = [&] {
        for (size_t K; (K = Next++) < Which.size();) {
          Job &J = JobsList[Which[K]];
          if (Progress) {
            std::lock_guard<std::mutex> L(Mu);
            llvm::errs() << "\r\033[K[" << (Done + 1) << "/" << Which.size() << "] " << J.File;
          }
          J.Summary.clear();
          J.Error.clear();
          J.Diags.clear();
          J.Deps.clear();
          J.LookedUp.clear();
          // An imported effect's fingerprint, "" for one not imported.
          auto Fingerprint = [&](llvm::StringRef Name) {
            auto It = Fingerprints->find(Name.str());
            return It == Fingerprints->end() ? std::string() : It->second;
          };
          if (Cache) {
            std::optional<std::string> Hit =
                Imports ? Cache->composed(J.Key, Fingerprint) : Cache->summary(J.Key);
            if (Hit) {
              J.Summary = std::move(*Hit);
              ++Done;
              continue;
            }
          }
          // A file system with its own working directory per file: the
          // process-wide one is shared by all threads.
          tooling::ClangTool Tool(*DB, {J.File}, std::make_shared<PCHContainerOperations>(),
                                  llvm::vfs::createPhysicalFileSystem());
          Tool.appendArgumentsAdjuster(Adjust);
          llvm::raw_string_ostream DOS(J.Diags);
          DiagnosticOptions *PO = new DiagnosticOptions();
          Buffered Client(DOS, PO);
          Tool.setDiagnosticConsumer(&Client);
          Factory F(Rules, J, Imports, /*WantDeps=*/Cache != nullptr);
          int Rc = Tool.run(&F);
          if (Rc != 0 && J.Error.empty())
            J.Error = "could not be parsed; it was not checked";
          // Only a clean analysis is kept (a file that failed is tried again).
          if (Cache && J.Error.empty() && !J.Summary.empty()) {
            if (!Imports) {
              Cache->storeSummary(J.Key, absolute(J.File), J.Summary, std::move(J.Deps));
            } else {
              std::vector<std::pair<std::string, std::string>> Used;
              for (const std::string &Name : J.LookedUp)
                Used.push_back({Name, Fingerprint(Name)});
              Cache->storeComposed(J.Key, J.Summary, std::move(Used), J.Deps);
            }
          }
          ++Done;
        }
      };
      unsigned T = std::min<unsigned>(N, std::max<size_t>(1, Which.size()));
      std::vector<std::thread> Threads;
      for (unsigned I = 0; I < T; ++I)
        Threads.emplace_back(Worker);
      for (auto &Th : Threads)
        Th.join();
      if (Progress)
        llvm::errs() << "\r\033[K";
    };
    std::vector<size_t> AllJobs(JobsList.size());
    for (size_t I = 0; I < AllJobs.size(); ++I)
      AllJobs[I] = I;
    if (!FromSummaries)
      RunJobs(AllJobs, nullptr, nullptr);

    // Each file's summary read into a record once per text: the rounds of
    // phase 2 and the link read the same summaries again and again, and
    // reading a large summary costs more than linking it.
    std::vector<std::optional<TuRecord>> Parsed(JobsList.size());
    std::vector<std::string> ParsedFrom(JobsList.size());
    auto ParsedRecord = [&](size_t I) -> TuRecord * {
      const Job &J = JobsList[I];
      if (!J.Error.empty() || J.Summary.empty())
        return nullptr;
      std::string H = contentHash(J.Summary) + ":" + std::to_string(J.Summary.size());
      if (ParsedFrom[I] != H) {
        ParsedFrom[I] = H;
        Parsed[I].reset();
        if (auto R = readSummary(J.File, J.Summary, SM, false))
          Parsed[I] = std::move(*R);
        else
          llvm::consumeError(R.takeError()); // reported when read for the link
      }
      return Parsed[I] ? &*Parsed[I] : nullptr;
    };
    // Phase 2 (link/EffectImports.h): the files that call functions other
    // files define with an effect run again, importing those effects,
    // until no imported effect changes.
    std::set<size_t> RerunFailed; // their record is from an earlier round's imports
    if (!NoEffectImports) {
      auto Phase2Start = std::chrono::steady_clock::now();
      std::vector<const TuRecord *> Fixed; // from summary folders: imported, never re-run
      for (const TuRecord &R : Records)
        Fixed.push_back(&R);
      auto ReadAll = [&] {
        std::vector<const TuRecord *> Out(JobsList.size(), nullptr);
        for (size_t I = 0; I < JobsList.size(); ++I)
          if (const TuRecord *R = ParsedRecord(I))
            Out[I] = R;
        return Out;
      };
      auto Rerun = [&](const std::vector<size_t> &Which, const TuAnalysis::ImportTable &Imports) {
        std::vector<Job> Saved;
        for (size_t I : Which)
          Saved.push_back(JobsList[I]);
        // What each imported effect says, comparable across runs (computed
        // here: the link's SourceManager is not for the workers' threads).
        std::map<std::string, std::string> Fingerprints;
        if (Cache)
          for (const auto &[Name, S] : Imports)
            Fingerprints[Name] = effectFingerprint(S, SM);
        RunJobs(Which, &Imports, &Fingerprints);
        for (size_t K = 0; K < Which.size(); ++K)
          if (!JobsList[Which[K]].Error.empty()) {
            // Keep what phase 1 found, and say why this file is not composed.
            RerunFailures.push_back(JobsList[Which[K]].File +
                                    ": not analysed again for effects across files (its first "
                                    "analysis is used): " + JobsList[Which[K]].Error +
                                    (JobsList[Which[K]].Diags.empty() ? "" : "\n" + JobsList[Which[K]].Diags));
            JobsList[Which[K]] = Saved[K];
            RerunFailed.insert(Which[K]);
          }
      };
      Phase2 = composeEffectsAcrossFiles(JobsList.size(), Fixed, ReadAll, Rerun, MaxEffectRounds);
      Phase2Secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - Phase2Start).count();
    }
    if (Cache) {
      for (const std::string &W : Cache->takeWarnings())
        llvm::errs() << "rcuctx: warning: " << W << "\n";
      CacheCounts C = Cache->counts();
      if (!Quiet)
        llvm::errs() << "rcuctx: cache: " << C.Reused << " of " << JobsList.size()
                     << " files reused; analysed " << C.Changed << " changed, " << C.New
                     << " new, " << C.Corrupt << " corrupt, " << C.OtherVersion
                     << " from another rcuctx; effects across files: " << C.ComposedReused
                     << " reused, " << C.ComposedNew << " analysed\n";
    }
    // A record not analysed with the imports phase 2 ended with (it stopped
    // at its bound, or this file's last run failed): the link must not take
    // its states as including its callees' effects.
    auto Settle = [&](size_t I, TuRecord &R) {
      if (Phase2.Bounded || RerunFailed.count(I))
        for (LinkFunction &F : R.Functions)
          for (CallRecord &C : F.Detail.Calls)
            C.EffectComposed = false;
    };
    for (size_t I = 0; I < JobsList.size(); ++I) {
      Job &J = JobsList[I];
      if (!J.Diags.empty())
        llvm::errs() << J.Diags;
      if (!J.Error.empty()) {
        llvm::errs() << "rcuctx: error: " << J.File << ": " << J.Error << "\n";
        Status = 2;
      }
      if (J.Summary.empty())
        continue;
      if (TuRecord *Known = ParsedRecord(I)) {
        Settle(I, *Known);
        Records.push_back(std::move(*Known));
        Parsed[I].reset();
        ParsedFrom[I].clear();
        continue;
      }
      auto R = readSummary(J.File, J.Summary, SM, /*CheckStale=*/false);
      if (!R) {
        llvm::errs() << "rcuctx: error: " << llvm::toString(R.takeError()) << "\n";
        Status = 2;
        continue;
      }
      Settle(I, *R);
      Records.push_back(std::move(*R));
    }
  }

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
