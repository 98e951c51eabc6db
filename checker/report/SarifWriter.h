// Findings as a SARIF 2.1.0 log: one result per finding, its notes both as
// related locations and as a code flow (so a viewer such as GitHub code
// scanning can step through the chain: where the section ended, each call,
// the accessor).
#pragma once

#include "report/Finding.h"

#include "clang/Basic/SourceManager.h"

#include <string>
#include <vector>

namespace rcuctx {

struct SarifOptions {
  /// Paths under this folder are written relative to it, with uriBaseId
  /// %SRCROOT% (what code scanning expects); others as file:// URIs.
  std::string SourceRoot;
  std::string ToolVersion = "0.2.0";
};

std::string writeSarif(const std::vector<Finding> &Findings, const clang::SourceManager &SM,
                       const SarifOptions &Opts);

} // namespace rcuctx
