// The Clang plugin front end: `clang -fplugin=rcuctx.so
// [-fplugin-arg-rcuctx-OPTION ...]`. Runs after the normal compile action, so
// it never changes the code being compiled; any internal failure is reported
// as a diagnostic, never a crash of the compiler.
//
// Options (each passed as -fplugin-arg-rcuctx-<option>): see
// plugin/PluginOptionTable.h (also `-fplugin-arg-rcuctx-help`), plus
//   debug-crash       (testing) crash inside the analysis to exercise recovery
#include "facts/FactExtractor.h"
#include "facts/MacroIndex.h"
#include "facts/SourceAnnotations.h"
#include "link/ReanalysisCommand.h"
#include "link/SummaryFile.h"
#include "plugin/PluginOptionTable.h"
#include "report/ClangDiagHandler.h"
#include "rules/Rules.h"
#include "summaries/TuAnalysis.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace rcuctx;

namespace {

struct PluginOptions {
  std::vector<std::string> RulesFiles;
  bool Bundled = true;
  std::string RulesDir;
  bool Strict = false;
  bool Indirect = true;
  bool Werror = false;
  std::set<std::string> Disabled;
  std::string SummaryDir;
  /// Testing only: crash inside the analysis, to prove recovery works.
  bool DebugCrash = false;
  /// Testing only: every function walked in two passes, the fixpoint then a
  /// collecting pass (a test compares the findings with the one-pass walk).
  bool TwoPass = false;
  bool Version = false;
  bool Help = false;
};

std::string optionNames() {
  std::string S;
  for (const PluginOptionDoc &O : PluginOptionTable)
    S += (S.empty() ? "" : ", ") + std::string(O.Name);
  return S;
}

class Consumer : public ASTConsumer {
public:
  Consumer(CompilerInstance &CI, std::shared_ptr<RuleSet> Rules,
           std::shared_ptr<MacroIndex> Macros, PluginOptions Opts)
      : CI(CI), Rules(std::move(Rules)), Macros(std::move(Macros)), Opts(std::move(Opts)),
        Comments(SourceAnnotations::makeHandler(Annotations)) {
    CI.getPreprocessor().addCommentHandler(Comments.get());
  }
  ~Consumer() override {
    if (CI.hasPreprocessor())
      CI.getPreprocessor().removeCommentHandler(Comments.get());
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return; // analysing a broken AST only adds noise
    // A checker bug must never take the user's build down: the analysis
    // runs under crash recovery, and a failure becomes one warning.
    std::vector<Finding> Findings;
    std::string SummaryError;
    llvm::CrashRecoveryContext::Enable();
    llvm::CrashRecoveryContext CRC;
    bool Ok = CRC.RunSafely([&] {
      if (Opts.DebugCrash)
        abort();
      FactExtractor FX(Ctx, *Rules, *Macros);
      AnalysisOptions AO;
      AO.Strict = Opts.Strict;
      AO.OnePass = !Opts.TwoPass;
      AO.KeepDetail = !Opts.SummaryDir.empty();
      AO.ResolveIndirect = Opts.Indirect;
      TuAnalysis TU(Ctx, FX, AO);
      TU.setEntryAnnotations(Annotations.Entries);
      Findings = TU.run();
      if (AO.KeepDetail) {
        TuRecord Rec = makeTuRecord(TU, Findings, Ctx.getSourceManager());
        // What `rcuctx --summaries` needs to analyse this file again.
        Rec.Command = reanalysisCommand(CI.getInvocation());
        Rec.Analysis = analysisSignature(*Rules, Opts.Strict, Opts.Indirect);
        Rec.Directory = CI.getFileSystemOpts().WorkingDir;
        if (Rec.Directory.empty()) {
          llvm::SmallString<256> Cwd;
          if (!llvm::sys::fs::current_path(Cwd))
            Rec.Directory = Cwd.str().str();
        }
        if (llvm::Error E = writeSummaryFile(Rec, Ctx.getSourceManager(), Opts.SummaryDir))
          SummaryError = llvm::toString(std::move(E));
      }
    });
    if (!SummaryError.empty()) {
      unsigned Id = CI.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Warning, "rcuctx: %0 [rcuctx-internal]");
      CI.getDiagnostics().Report(Id) << SummaryError;
    }
    if (!Ok) {
      unsigned Id = CI.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Warning,
          "rcuctx: internal error while analysing this file; it was not checked [rcuctx-internal]");
      CI.getDiagnostics().Report(Id);
      return;
    }
    ClangDiagHandler H(CI.getDiagnostics(), Ctx.getSourceManager(), Opts.Werror, Opts.Disabled);
    for (const Finding &F : Findings)
      H.handle(F);
  }

private:
  CompilerInstance &CI;
  std::shared_ptr<RuleSet> Rules;
  std::shared_ptr<MacroIndex> Macros;
  PluginOptions Opts;
  SourceAnnotations Annotations;
  std::unique_ptr<CommentHandler> Comments;
};

void reportRulesError(CompilerInstance &CI, const RulesError &E) {
  DiagnosticsEngine &D = CI.getDiagnostics();
  SourceManager &SM = CI.getSourceManager();
  SourceLocation Loc;
  if (E.Line > 0) {
    if (auto FE = CI.getFileManager().getOptionalFileRef(E.File)) {
      FileID FID = SM.getOrCreateFileID(*FE, SrcMgr::C_User);
      Loc = SM.translateLineCol(FID, E.Line, E.Column);
    }
  }
  unsigned Id = D.getCustomDiagID(DiagnosticsEngine::Error, "rcuctx: %0");
  if (Loc.isValid())
    D.Report(Loc, Id) << E.Message;
  else
    D.Report(Id) << (E.File + ": " + E.Message);
}

class RcuctxAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, llvm::StringRef) override {
    for (const std::string &Bad : BadArgs) {
      unsigned Id = CI.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Error, "rcuctx: unknown plugin argument '%0' (expected %1)");
      CI.getDiagnostics().Report(Id) << Bad << optionNames();
    }
    if (Opts.Help) {
      llvm::errs() << "rcuctx plugin options (each as -fplugin-arg-rcuctx-OPTION):\n";
      for (const PluginOptionDoc &O : PluginOptionTable)
        llvm::errs() << "  " << llvm::left_justify(O.Name, 18) << " " << O.Meaning << "\n";
    }
    auto Rules = std::make_shared<RuleSet>();
    RulesError Err;
    bool Ok = true;
    // The rules next to this plugin (<prefix>/lib/rcuctx/rcuctx.so ->
    // <prefix>/share/rcuctx/rules), unless rules-dir= or $RCUCTX_RULES_DIR
    // says otherwise.
    RulesLookup Lookup;
    Lookup.Explicit = Opts.RulesDir;
    std::string RulesDir, How;
    if (Opts.Bundled) {
      RulesDir = bundledRulesDir(Lookup, &How);
      Ok = loadBundledRules(*Rules, Err, Lookup);
    }
    for (const std::string &F : Opts.RulesFiles)
      if (Ok)
        Ok = loadRulesFile(F, *Rules, Err);
    if (Opts.Version)
      llvm::errs() << versionText(*Rules, RulesDir, How);
    if (!Ok) {
      reportRulesError(CI, Err);
      return std::make_unique<ASTConsumer>();
    }
    auto Macros = std::make_shared<MacroIndex>(CI.getSourceManager());
    CI.getPreprocessor().addPPCallbacks(Macros->makeRecorder(CI.getPreprocessor(), Rules->recordedMacroNames()));
    return std::make_unique<Consumer>(CI, Rules, Macros, Opts);
  }

  bool ParseArgs(const CompilerInstance &, const std::vector<std::string> &Args) override {
    for (const std::string &A : Args) {
      llvm::StringRef S(A);
      if (S.consume_front("rules="))
        Opts.RulesFiles.push_back(S.str());
      else if (S.consume_front("rules-dir="))
        Opts.RulesDir = S.str();
      else if (S == "no-bundled-rules")
        Opts.Bundled = false;
      else if (S == "strict")
        Opts.Strict = true;
      else if (S == "no-indirect")
        Opts.Indirect = false;
      else if (S == "werror")
        Opts.Werror = true;
      else if (S == "version")
        Opts.Version = true;
      else if (S == "help")
        Opts.Help = true;
      else if (S == "debug-crash")
        Opts.DebugCrash = true;
      else if (S == "debug-two-pass")
        Opts.TwoPass = true;
      else if (S.consume_front("summary-dir="))
        Opts.SummaryDir = S.str();
      else if (S.consume_front("disable="))
        Opts.Disabled.insert(S.str());
      else
        BadArgs.push_back(A);
    }
    return true; // unknown arguments are reported as diagnostics, with a location-free error
  }

  ActionType getActionType() override { return AddAfterMainAction; }

private:
  PluginOptions Opts;
  std::vector<std::string> BadArgs;
};

} // namespace

static FrontendPluginRegistry::Add<RcuctxAction> X("rcuctx", "RCU and lock-context checker");
