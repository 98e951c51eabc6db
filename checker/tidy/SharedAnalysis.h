// The five rcuctx-* clang-tidy checks share one analysis per translation
// unit: the first check to ask runs it, every check reports its own findings.
#pragma once

#include "facts/MacroIndex.h"
#include "link/Annotations.h"
#include "report/Finding.h"
#include "rules/Rules.h"

#include "clang/AST/ASTContext.h"
#include "clang/Lex/Preprocessor.h"

#include <memory>
#include <string>
#include <vector>

namespace rcuctx {
namespace tidy {

struct TidyOptions {
  std::string RulesFiles; // ';'-separated extra rules files
  std::string RulesDir;   // the bundled rules' folder, if not next to the module
  bool Strict = false;
};

class SharedAnalysis {
public:
  /// Called from each check's registerPPCallbacks: installs one macro
  /// recorder for the translation unit (the first caller's).
  static void attach(clang::Preprocessor &PP, const TidyOptions &Opts);

  /// The findings for this translation unit, computed once. An error in the
  /// rules is returned as Error instead.
  static const std::vector<Finding> &findings(clang::ASTContext &Ctx, std::string &Error);

  /// Annotations this translation unit's summaries imply and its
  /// declarations lack (rcuctx-missing-annotation), computed with findings().
  static const std::vector<AnnotationSuggestion> &suggestions(clang::ASTContext &Ctx,
                                                              std::string &Error);
};

} // namespace tidy
} // namespace rcuctx
