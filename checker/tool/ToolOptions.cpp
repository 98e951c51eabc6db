// The definitions of the whole-program tool's options (ToolOptions.h): each
// one's name, help text, value and category, registered with LLVM's cl when
// the program starts. The order here is the order they are registered in.
//
// Owns the option table and nothing else: it must not act on an option.
#include "tool/ToolOptions.h"

namespace cl = llvm::cl;

namespace rcuctx {
namespace tool {

cl::OptionCategory Cat("rcuctx options");
cl::opt<std::string> BuildPath("p", cl::desc("Build folder with compile_commands.json (or the file itself)"),
                               cl::value_desc("path"), cl::cat(Cat));
cl::list<std::string> Files(cl::Positional, cl::desc("[files to check; default: every file in the database]"),
                            cl::cat(Cat));
cl::opt<unsigned> Jobs("j", cl::desc("Parse N files in parallel (default: all cores)"), cl::init(0), cl::Prefix,
                       cl::value_desc("N"),
                       cl::cat(Cat));
cl::list<std::string> SummaryDirs("summaries", cl::desc("Link the summary files in DIR (written by "
                                                        "-fplugin-arg-rcuctx-summary-dir=DIR) instead of parsing"),
                                  cl::value_desc("dir"), cl::cat(Cat));
cl::opt<std::string> WriteSummaries("write-summaries", cl::desc("Also write each parsed file's summary into DIR"),
                                    cl::value_desc("dir"), cl::cat(Cat));
cl::opt<std::string> CacheDir(
    "cache", cl::desc("Keep each file's results in DIR and use them again while the file, "
                      "everything it includes, its command and this rcuctx are unchanged "
                      "(with -p)"),
    cl::value_desc("DIR"), cl::cat(Cat));
cl::opt<bool> LinkOnly("link-only", cl::desc("Report only what is visible across files (the build already "
                                             "reported the rest)"),
                       cl::cat(Cat));
cl::opt<Format> OutFormat("format", cl::desc("Output format"), cl::value_desc("text|sarif"),
                          cl::values(clEnumValN(Format::Text, "text", "clang-style diagnostics"),
                                     clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0")),
                          cl::init(Format::Text), cl::cat(Cat));
cl::opt<std::string> Output("o", cl::desc("Write the report to FILE (default: stdout)"),
                            cl::value_desc("file"), cl::cat(Cat));
cl::opt<std::string> SourceRoot("source-root", cl::desc("SARIF: make paths under DIR relative (%SRCROOT%)"),
                                cl::value_desc("dir"), cl::cat(Cat));
cl::list<std::string> RulesFiles("rules", cl::desc("Add a rules file (repeatable)"),
                                 cl::value_desc("file"), cl::cat(Cat));
cl::opt<std::string> RulesDir("rules-dir",
                              cl::desc("Load the bundled rules from DIR (default: $RCUCTX_RULES_DIR, else "
                                       "<prefix>/share/rcuctx/rules next to this program)"),
                              cl::value_desc("dir"), cl::cat(Cat));
cl::opt<bool> NoBundled("no-bundled-rules", cl::desc("Do not load the bundled kernel rules"), cl::cat(Cat));
cl::opt<bool> Strict("strict", cl::desc("Also report violations on some (not every) path"), cl::cat(Cat));
cl::list<std::string> Disabled("disable", cl::desc("Silence a check (repeatable)"),
                               cl::value_desc("check"), cl::cat(Cat));
cl::list<std::string> ExtraArgs("extra-arg", cl::desc("Add a compiler argument to every file"),
                                cl::value_desc("arg"), cl::cat(Cat));
cl::opt<std::string> SuggestAnnotations(
    "suggest-annotations",
    cl::desc("Write a patch adding __must_hold()/__must_hold_shared() to functions whose every call "
             "needs a lock or RCU held and whose declaration does not say so ('-': stdout)"),
    cl::value_desc("file"), cl::cat(Cat));
cl::opt<bool> EntryStats("entry-stats",
                         cl::desc("Print a table of the entry points found, by kind, and what "
                                  "became of the requirements that reached them"),
                         cl::cat(Cat));
cl::opt<bool> Quiet("quiet", cl::desc("No progress line"), cl::cat(Cat));
cl::opt<bool> Stats("link-stats", cl::desc("Print link statistics to stderr"), cl::cat(Cat));
cl::opt<bool> NoIndirect(
    "no-indirect",
    cl::desc("Leave calls through function pointers unknown (by default each function the "
             "program stores into the slot is judged as a direct call would be)"),
    cl::cat(Cat));
cl::opt<bool> IndirectStatsOpt(
    "indirect-stats",
    cl::desc("Print a table of the calls through function pointers: sites, resolved, by kind, "
             "targets per resolved site"),
    cl::cat(Cat));
cl::opt<bool> NoEffectImports(
    "no-effects-across-files",
    cl::desc("Analyse each file once: calls to functions defined in other files change nothing "
             "(no phase 2)"),
    cl::cat(Cat));
cl::opt<std::string> LockGraphOut(
    "lock-graph",
    cl::desc("Write the lock-order graph of what was analysed as Graphviz DOT: lock classes and "
             "SRCU domains as nodes, each edge with one site that creates it, cycles in red"),
    cl::value_desc("file.dot"), cl::cat(Cat));
// Prints the man page rcuctx(1) from this option table (the build installs it).
cl::opt<bool> PrintMan("print-man", cl::desc("Print the rcuctx(1) man page"), cl::ReallyHidden);

} // namespace tool
} // namespace rcuctx
