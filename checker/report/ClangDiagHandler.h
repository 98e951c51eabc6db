// Renders findings as clang diagnostics: a warning (or an error, on request)
// ending in its check name, then one note per step of the chain. Honours
// per-check disabling and NOLINT / NOLINTNEXTLINE comments.
#pragma once

#include "report/Finding.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"

#include <set>
#include <string>

namespace rcuctx {

class ClangDiagHandler : public FindingHandler {
public:
  ClangDiagHandler(clang::DiagnosticsEngine &Diags, const clang::SourceManager &SM, bool AsErrors,
                   std::set<std::string> Disabled);
  void handle(const Finding &F) override;
  unsigned reported() const { return Reported; }

private:
  clang::DiagnosticsEngine &Diags;
  const clang::SourceManager &SM;
  unsigned WarnId, NoteId;
  std::set<std::string> Disabled;
  unsigned Reported = 0;
};

/// True when a NOLINT comment on the finding's line (or NOLINTNEXTLINE on the
/// line before) names the check, "rcuctx-*", or nothing.
bool suppressedByComment(const clang::SourceManager &SM, clang::SourceLocation Loc,
                         const std::string &Check);

} // namespace rcuctx
