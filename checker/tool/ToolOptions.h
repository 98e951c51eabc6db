// The whole-program tool's command line: every option rcuctx takes, as LLVM's
// cl registers them (their definitions, with help texts, are in
// ToolOptions.cpp; --help and rcuctx(1) are printed from that registry).
//
// Holds declarations only: what an option makes the tool do is in the step
// that reads it (RcuctxTool.cpp, ToolInputs.cpp, AnalysisJob.cpp,
// ToolReport.cpp); --version is taken out of the arguments by main().
#pragma once

#include "llvm/Support/CommandLine.h"

#include <string>

namespace rcuctx {
namespace tool {

extern llvm::cl::OptionCategory Cat;
extern llvm::cl::opt<std::string> BuildPath;
extern llvm::cl::list<std::string> Files;
extern llvm::cl::opt<unsigned> Jobs;
extern llvm::cl::list<std::string> SummaryDirs;
extern llvm::cl::opt<std::string> WriteSummaries;
extern llvm::cl::opt<std::string> CacheDir;
extern llvm::cl::opt<bool> LinkOnly;
enum class Format { Text, Sarif };
extern llvm::cl::opt<Format> OutFormat;
extern llvm::cl::opt<std::string> Output;
extern llvm::cl::opt<std::string> SourceRoot;
extern llvm::cl::list<std::string> RulesFiles;
extern llvm::cl::opt<std::string> RulesDir;
extern llvm::cl::opt<bool> NoBundled;
extern llvm::cl::opt<bool> Strict;
extern llvm::cl::list<std::string> Disabled;
extern llvm::cl::list<std::string> ExtraArgs;
extern llvm::cl::opt<std::string> SuggestAnnotations;
extern llvm::cl::opt<bool> EntryStats;
extern llvm::cl::opt<bool> Quiet;
extern llvm::cl::opt<bool> Stats;
extern llvm::cl::opt<bool> NoIndirect;
extern llvm::cl::opt<bool> IndirectStatsOpt;
extern llvm::cl::opt<bool> NoEffectImports;
extern llvm::cl::opt<std::string> LockGraphOut;
// Prints the man page rcuctx(1) from this option table (the build installs it).
extern llvm::cl::opt<bool> PrintMan;

} // namespace tool
} // namespace rcuctx
