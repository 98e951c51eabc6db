// libFuzzer target for the rules loader (checker/rules/RulesLoader.cpp).
//
// The loader's contract (README, Rules.h): a malformed rules file is refused
// with file:line:col, never a crash. Under ASan+UBSan this checks both halves:
//   - parseRules() never crashes, overflows, or hits undefined behaviour;
//   - when it refuses a file, the error names the file, has a line and a
//     column (rendered "file:LINE:COL: message", as the tidy module and the
//     plugin's diagnostic show it) that lie inside the text, and a message.
// A violated contract aborts with the offending error printed, so libFuzzer
// saves the input as a crash.
//
// Build: scripts/build-sanitized.sh (target rules-loader-fuzzer in build-asan/)
// Run:   fuzz-libfuzzer/run.sh [SECONDS]
#include "rules/Rules.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace rcuctx;

namespace {
[[noreturn]] void fail(const char *What, const RulesError &E, const std::string &Text) {
  std::fprintf(stderr,
               "rules-loader contract violated: %s\n  error: %s:%u:%u: %s\n  input (%zu bytes)\n",
               What, E.File.c_str(), E.Line, E.Column, E.Message.c_str(), Text.size());
  std::abort();
}

// Lines as the YAML parser counts them (LF; a CR LF pair is one break), and
// the length of each, to decide whether a position lies inside the text.
std::vector<size_t> lineLengths(const std::string &Text) {
  std::vector<size_t> L{0};
  for (size_t I = 0; I < Text.size(); ++I) {
    if (Text[I] == '\n')
      L.push_back(0);
    else
      ++L.back();
  }
  return L;
}

void checkRefusal(const RulesError &E, const std::string &Text) {
  if (E.File != "fuzz.yaml")
    fail("the error does not name the file", E, Text);
  if (E.Line == 0 || E.Column == 0)
    fail("the error has no line:col", E, Text);
  if (E.Message.empty())
    fail("the error has no message", E, Text);
  std::string Rendered = E.File + ":" + std::to_string(E.Line) + ":" +
                         std::to_string(E.Column) + ": " + E.Message;
  std::string Loc = ":" + std::to_string(E.Line) + ":" + std::to_string(E.Column) + ":";
  if (Rendered.find(Loc) == std::string::npos)
    fail("the rendered error has no :line:col", E, Text);
  // The position must be one the plugin can map into the file: a line that
  // exists, a column at most one past its end.
  std::vector<size_t> Lines = lineLengths(Text);
  if (E.Line > Lines.size())
    fail("the error's line is past the end of the file", E, Text);
  if (E.Column > Lines[E.Line - 1] + 1)
    fail("the error's column is past the end of its line", E, Text);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Text(reinterpret_cast<const char *>(Data), Size);

  // 1. Alone, into an empty rule set.
  RuleSet RS;
  RulesError E;
  bool Ok = parseRules("fuzz.yaml", Text, RS, E);
  if (!Ok)
    checkRefusal(E, Text);

  // 2. As a user's file refining rules already loaded: merge() must cope
  // with whatever a file that parsed put in the set.
  RuleSet Base;
  RulesError E0;
  parseRules("base.yaml",
             "version: 1\n"
             "functions:\n"
             "  - names: [rcu_read_lock]\n"
             "    do: [{op: enter, context: rcu}]\n"
             "predicates:\n"
             "  - names: [rcu_read_lock_held]\n"
             "    context: rcu\n",
             Base, E0);
  RulesError E2;
  bool Ok2 = parseRules("fuzz.yaml", Text, Base, E2);
  if (Ok2 != Ok)
    fail("parsing the same text twice gave different answers", E2, Text);
  if (!Ok2 && (E2.Line != E.Line || E2.Column != E.Column || E2.Message != E.Message))
    fail("parsing the same text twice gave different errors", E2, Text);

  // 3. What a parsed file yields must be usable as the analysis uses it.
  if (Ok)
    for (auto &KV : RS.Functions) {
      if (KV.second.Steps.empty() || KV.first != KV.second.Name)
        fail("a loaded function rule is empty or misnamed", E, Text);
      for (const RuleStep &S : KV.second.Steps)
        if (S.Arg > 16 || S.GfpArg > 16 || S.CondArg > 16)
          fail("a loaded step has an argument index out of range", E, Text);
      (void)RS.lookup(KV.first, true);
      (void)KV.second.augmentsBody();
    }
  return 0;
}
