#include "link/ReanalysisCommand.h"

#include "llvm/ADT/StringRef.h"

using namespace rcuctx;

std::vector<std::string> rcuctx::withoutSideEffects(const std::vector<std::string> &Args) {
  std::vector<std::string> Out;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    // Options followed by a value: plugins, and every file the front end
    // writes besides the object (dependencies, serialized diagnostics,
    // included-header lists, dot graphs).
    if (A == "-load" || A == "-add-plugin" || A == "-plugin" || A.starts_with("-plugin-arg-") ||
        A == "-o" || A == "-dependency-file" || A == "-MT" || A == "-MQ" ||
        A == "-module-dependency-dir" || A == "-header-include-file" ||
        A == "-serialize-diagnostic-file" || A == "-dependency-dot") {
      ++I;
      continue;
    }
    // Options with their value joined, and flags (time traces and
    // statistics are files too).
    if (A.starts_with("-fplugin=") || A.starts_with("-fplugin-arg-") || A == "-sys-header-deps" ||
        A == "-MP" || A.starts_with("-dependency-file=") || A.starts_with("-ftime-trace") ||
        A.starts_with("-stats-file=") || A.starts_with("-serialize-diagnostic-file="))
      continue;
    Out.push_back(Args[I]);
  }
  return Out;
}

std::vector<std::string> rcuctx::reanalysisCommand(const clang::CompilerInvocation &CI) {
  // (getCC1CommandLine() starts with "-cc1" and names the input.)
  std::vector<std::string> Cmd{"clang"};
  for (std::string &A : withoutSideEffects(CI.getCC1CommandLine()))
    Cmd.push_back(std::move(A));
  if (Cmd.size() < 2 || Cmd[1] != "-cc1")
    Cmd.insert(Cmd.begin() + 1, "-cc1");
  return Cmd;
}

std::string rcuctx::analysisSignature(const RuleSet &Rules, bool Strict, bool Indirect) {
  std::string S = std::string("strict=") + (Strict ? "1" : "0") + " indirect=" + (Indirect ? "1" : "0") +
                  " rules=";
  for (const LoadedRulesFile &F : Rules.Files)
    S += F.sha256() + ",";
  return S;
}
