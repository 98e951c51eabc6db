#include "tidy/MissingAnnotationCheck.h"

#include "tidy/SharedAnalysis.h"

using namespace clang;
using namespace rcuctx;
using namespace rcuctx::tidy;

void MissingAnnotationCheck::check(const ast_matchers::MatchFinder::MatchResult &Result) {
  std::string Error; // reported by rcuctx-rcu-section
  for (const AnnotationSuggestion &S : SharedAnalysis::suggestions(*Result.Context, Error)) {
    std::string Annotation = llvm::StringRef(S.Text).trim().str();
    diag(S.At, "every call of '%0' needs what %1 says; declare it")
        << S.Function << Annotation << FixItHint::CreateInsertion(S.At, S.Text);
  }
}
