// A diagnostic the analysis produced, before any front end renders it:
// where, what, which check, and the chain of notes that explains it.
#pragma once

#include "transfer/Obligation.h"

#include <string>
#include <vector>

namespace rcuctx {

struct Finding {
  CheckId Check = CheckId::RcuSection;
  clang::SourceLocation Loc;
  std::string Message; // without the [check-name] suffix
  std::vector<Note> Notes;
};

/// Receives findings; front ends implement it (clang diagnostics, clang-tidy,
/// SARIF). The analysis itself never prints.
class FindingHandler {
public:
  virtual ~FindingHandler() = default;
  virtual void handle(const Finding &F) = 0;
};

} // namespace rcuctx
