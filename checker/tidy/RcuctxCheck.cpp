#include "tidy/RcuctxCheck.h"

#include "tidy/SharedAnalysis.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace rcuctx;
using namespace rcuctx::tidy;

RcuctxCheck::RcuctxCheck(StringRef Name, clang::tidy::ClangTidyContext *Context, CheckId Id)
    : ClangTidyCheck(Name, Context), Id(Id),
      RulesFiles(Options.getLocalOrGlobal("RcuctxRules", "")),
      RulesDir(Options.getLocalOrGlobal("RcuctxRulesDir", "")),
      Strict(Options.getLocalOrGlobal("RcuctxStrict", false)) {}

void RcuctxCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "RcuctxRules", RulesFiles);
  Options.store(Opts, "RcuctxRulesDir", RulesDir);
  Options.store(Opts, "RcuctxStrict", Strict);
}

void RcuctxCheck::registerPPCallbacks(const SourceManager &, Preprocessor *PP, Preprocessor *) {
  TidyOptions O;
  O.RulesFiles = RulesFiles;
  O.RulesDir = RulesDir;
  O.Strict = Strict;
  SharedAnalysis::attach(*PP, O);
}

void RcuctxCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void RcuctxCheck::check(const MatchFinder::MatchResult &Result) {
  std::string Error;
  const auto &Findings = SharedAnalysis::findings(*Result.Context, Error);
  if (!Error.empty()) {
    // Reported once, by the first check, at the file's start.
    if (Id == CheckId::RcuSection)
      diag(Result.SourceManager->getLocForStartOfFile(Result.SourceManager->getMainFileID()),
           "rcuctx: %0")
          << Error;
    return;
  }
  for (const Finding &F : Findings) {
    if (F.Check != Id)
      continue;
    diag(F.Loc, "%0") << F.Message;
    for (const Note &N : F.Notes)
      diag(N.Loc, "%0", DiagnosticIDs::Note) << N.Text;
  }
}
