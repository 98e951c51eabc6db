// In-source statements of what the analysis cannot see: a comment
//   // rcuctx-entry: rcu-reader
// just before a function (or inside its body) says in which context the
// kernel enters it (a name from the rules' entry_contexts). Comments, so the
// code compiles the same with and without the checker.
#pragma once

#include "clang/Basic/SourceLocation.h"
#include "clang/Lex/Preprocessor.h"

#include <memory>
#include <string>
#include <vector>

namespace rcuctx {

struct EntryAnnotation {
  clang::SourceLocation Loc;
  std::string Context;
};

class SourceAnnotations {
public:
  /// Installs a comment handler on PP; the returned object must outlive parsing.
  static std::unique_ptr<clang::CommentHandler> makeHandler(SourceAnnotations &Into);
  std::vector<EntryAnnotation> Entries;
};

} // namespace rcuctx
