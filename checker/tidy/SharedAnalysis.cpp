#include "tidy/SharedAnalysis.h"

#include "facts/FactExtractor.h"
#include "link/TuRecord.h"
#include "summaries/TuAnalysis.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CrashRecoveryContext.h"

using namespace clang;
using namespace rcuctx;
using namespace rcuctx::tidy;

namespace {
struct State {
  // The preprocessor of the translation unit being parsed; its comment
  // handler is removed once parsing is over (never later: a finished TU's
  // preprocessor is gone, and the process may be exiting).
  Preprocessor *PP = nullptr;
  SourceAnnotations Annotations;
  std::unique_ptr<CommentHandler> Comments;
  const SourceManager *SM = nullptr;
  std::shared_ptr<RuleSet> Rules;
  std::shared_ptr<MacroIndex> Macros;
  std::string Error;
  bool Done = false;
  std::vector<Finding> Findings;
  std::vector<AnnotationSuggestion> Suggestions;
  TidyOptions Opts;
};
// clang-tidy processes one translation unit at a time per process.
State &current() {
  static State S;
  return S;
}
} // namespace

void SharedAnalysis::attach(Preprocessor &PP, const TidyOptions &Opts) {
  State &S = current();
  // Each rcuctx check attaches; the first one of a TU did the work, also
  // when the rules failed to load (then Macros is null but Error is set).
  // Resetting the state there destroyed the comment handler the
  // preprocessor still called: a use after free at the next comment.
  if (S.SM == &PP.getSourceManager() && (S.Macros || !S.Error.empty()))
    return;
  S = State();
  S.SM = &PP.getSourceManager();
  S.PP = &PP;
  S.Comments = SourceAnnotations::makeHandler(S.Annotations);
  PP.addCommentHandler(S.Comments.get());
  S.Opts = Opts;
  S.Rules = std::make_shared<RuleSet>();
  RulesError Err;
  // The rules next to this module (<prefix>/lib/rcuctx/librcuctx-tidy.so ->
  // <prefix>/share/rcuctx/rules) unless RcuctxRulesDir or $RCUCTX_RULES_DIR
  // says otherwise.
  RulesLookup Lookup;
  Lookup.Explicit = Opts.RulesDir;
  Lookup.ExplicitName = "RcuctxRulesDir";
  bool Ok = loadBundledRules(*S.Rules, Err, Lookup);
  llvm::SmallVector<llvm::StringRef, 4> Files;
  llvm::StringRef(Opts.RulesFiles).split(Files, ';', -1, false);
  for (llvm::StringRef F : Files)
    if (Ok)
      Ok = loadRulesFile(F.trim().str(), *S.Rules, Err);
  if (!Ok) {
    S.Error = Err.File + (Err.Line ? ":" + std::to_string(Err.Line) + ":" + std::to_string(Err.Column) : "") +
              ": " + Err.Message;
    return;
  }
  S.Macros = std::make_shared<MacroIndex>(PP.getSourceManager());
  PP.addPPCallbacks(S.Macros->makeRecorder(PP, S.Rules->recordedMacroNames()));
}

const std::vector<Finding> &SharedAnalysis::findings(ASTContext &Ctx, std::string &Error) {
  State &S = current();
  Error = S.Error;
  if (S.Done || !S.Error.empty() || !S.Macros || S.SM != &Ctx.getSourceManager())
    return S.Findings;
  S.Done = true;
  if (S.PP && S.Comments) {
    S.PP->removeCommentHandler(S.Comments.get());
    S.PP = nullptr;
  }
  llvm::CrashRecoveryContext CRC;
  bool Ok = CRC.RunSafely([&] {
    FactExtractor FX(Ctx, *S.Rules, *S.Macros);
    AnalysisOptions AO;
    AO.Strict = S.Opts.Strict;
    TuAnalysis TU(Ctx, FX, AO);
    TU.setEntryAnnotations(S.Annotations.Entries);
    S.Findings = TU.run();
    for (const LinkFunction &F : makeTuRecord(TU, S.Findings, Ctx.getSourceManager()).Functions)
      for (AnnotationSuggestion &A : suggestAnnotations(F, F.S))
        S.Suggestions.push_back(std::move(A));
  });
  if (!Ok) {
    S.Findings.clear();
    S.Suggestions.clear();
    S.Error = "internal error while analysing this file; it was not checked";
    Error = S.Error;
  }
  return S.Findings;
}

const std::vector<AnnotationSuggestion> &SharedAnalysis::suggestions(ASTContext &Ctx,
                                                                     std::string &Error) {
  findings(Ctx, Error);
  return current().Suggestions;
}
