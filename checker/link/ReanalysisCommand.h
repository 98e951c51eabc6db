// How a plugin build lets `rcuctx --summaries` analyse a file again (phase 2,
// effects across files): the summary records the compiler's own -cc1
// arguments, minus what must not happen in the tool's process or on disk:
// loading plugins (rcuctx itself, under KCFLAGS=-fplugin=), writing the
// object or a dependency file. libTooling runs a "-cc1" command as it is.
#pragma once

#include "rules/Rules.h"

#include "clang/Frontend/CompilerInvocation.h"

#include <string>
#include <vector>

namespace rcuctx {

/// The command to record: {"clang", "-cc1", args..., input} from the invocation.
std::vector<std::string> reanalysisCommand(const clang::CompilerInvocation &CI);

/// What decides the analysis besides the source: the rules files loaded
/// (their SHA-256, in load order) and the options that change findings.
/// Phase 2 from summaries analyses a file again only under the same.
std::string analysisSignature(const RuleSet &Rules, bool Strict, bool Indirect);

/// Drops from -cc1 arguments the plugin loads and options, the output file,
/// and the dependency-file options (each with its value where it has one).
std::vector<std::string> withoutSideEffects(const std::vector<std::string> &Cc1Args);

} // namespace rcuctx
