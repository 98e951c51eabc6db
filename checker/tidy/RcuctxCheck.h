// Base of the rcuctx-* clang-tidy checks: each reports the findings of one
// CheckId from the shared analysis, with the chain as notes.
#pragma once

#include "transfer/Obligation.h"

#include "clang-tidy/ClangTidyCheck.h"

namespace rcuctx {
namespace tidy {

class RcuctxCheck : public clang::tidy::ClangTidyCheck {
public:
  RcuctxCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context, CheckId Id);
  void registerPPCallbacks(const clang::SourceManager &SM, clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const clang::LangOptions &LangOpts) const override {
    return !LangOpts.CPlusPlus; // the kernel's C; C++ input is skipped, not misjudged
  }

private:
  CheckId Id;
  std::string RulesFiles;
  std::string RulesDir;
  bool Strict;
};

} // namespace tidy
} // namespace rcuctx
