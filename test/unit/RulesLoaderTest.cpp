// The rules loader: valid files load, every malformed one is refused with
// file:line:col, never a crash, and the bundled rules parse.
#include "rules/Rules.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace rcuctx;

namespace {
bool parse(const std::string &Text, RulesError &E, RuleSet *Out = nullptr) {
  RuleSet RS;
  return parseRules("t.yaml", Text, Out ? *Out : RS, E);
}
} // namespace

TEST(RulesLoader, LoadsStepsAndPredicates) {
  RuleSet RS;
  RulesError E;
  ASSERT_TRUE(parse("version: 1\n"
                    "functions:\n"
                    "  - names: [my_lock, my_lock2]\n"
                    "    match: function\n"
                    "    do: [{op: acquire, arg: 0, mode: read, spins: false}]\n"
                    "  - names: [my_sleep]\n"
                    "    do: [{op: sleep, gfp_arg: 2}]\n"
                    "predicates:\n"
                    "  - names: [my_held]\n"
                    "    arg: 0\n",
                    E, &RS))
      << E.Message;
  const FunctionRule *R = RS.lookup("my_lock2", false);
  ASSERT_NE(R, nullptr);
  EXPECT_EQ(RS.lookup("my_lock", true), nullptr) << "match: function excludes macros";
  ASSERT_EQ(R->Steps.size(), 1u);
  EXPECT_EQ(R->Steps[0].Op, StepOp::Acquire);
  EXPECT_EQ(R->Steps[0].Mode, LockMode::Shared);
  EXPECT_FALSE(R->Steps[0].Spins);
  EXPECT_EQ(RS.lookup("my_sleep", true)->Steps[0].GfpArg, 2);
  ASSERT_NE(RS.predicate("my_held"), nullptr);
  // The preprocessor records exactly the macros recordsMacro() accepts.
  std::vector<std::string> Names = RS.recordedMacroNames();
  auto Has = [&](const char *N) { return std::find(Names.begin(), Names.end(), N) != Names.end(); };
  EXPECT_TRUE(Has("my_sleep"));
  EXPECT_TRUE(Has("my_held"));
  EXPECT_TRUE(Has("__must_hold"));
  EXPECT_FALSE(Has("my_lock")) << "match: function";
  for (const std::string &N : Names)
    EXPECT_TRUE(RS.recordsMacro(N)) << N;
}

TEST(RulesLoader, PredicateNamesAGlobalLockByClass) {
  RuleSet RS;
  RulesError E;
  ASSERT_TRUE(parse("version: 1\n"
                    "predicates:\n"
                    "  - names: [lockdep_rtnl_is_held]\n"
                    "    lock_class: rtnl_mutex\n",
                    E, &RS))
      << E.Message;
  const PredicateRule *P = RS.predicate("lockdep_rtnl_is_held");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->LockClass, "rtnl_mutex");
  EXPECT_EQ(P->Arg, -1);
  EXPECT_FALSE(parse("version: 1\npredicates:\n  - {names: [p], arg: 0, lock_class: m}\n", E));
}

struct BadCase {
  const char *Text;
  unsigned Line, Column;
  const char *MessagePart;
};

class RulesLoaderErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(RulesLoaderErrors, RefusedWithLocation) {
  RulesError E;
  const BadCase &C = GetParam();
  EXPECT_FALSE(parse(C.Text, E));
  EXPECT_EQ(E.File, "t.yaml");
  EXPECT_EQ(E.Line, C.Line) << E.Message;
  EXPECT_EQ(E.Column, C.Column) << E.Message;
  EXPECT_NE(E.Message.find(C.MessagePart), std::string::npos) << E.Message;
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, RulesLoaderErrors,
    ::testing::Values(
        BadCase{"version: 2\n", 1, 10, "rules version 2 is newer than this rcuctx"},
        BadCase{"version: 0\n", 1, 1, "unsupported rules version"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: fly}]\n", 4, 15, "unknown enumerated scalar"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: enter}]\n", 4, 11, "needs 'context:'"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: acquire}]\n", 4, 11, "needs 'arg:'"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: need, context: rcuu}]\n", 4, 11, "unknown context"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    colour: red\n    do: [{op: sleep}]\n", 4, 5, "unknown key 'colour'"},
        BadCase{"version: 1\nfunctions:\n  - do: [{op: sleep}]\n", 3, 5, "missing required key 'names'"},
        BadCase{"version: 1\nfunctions: [\n", 2, 13, "closing ]"},
        BadCase{"", 1, 1, "empty rules file"},
        BadCase{"# only a comment\n", 1, 1, "empty rules file"},
        BadCase{"- just\n- a list\n", 1, 1, "not a mapping"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: sleep, gfp_arg: x}]\n", 4, 31, "invalid number"},
        // Issue #17's task state and IRQ usage.
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: task-state}]\n", 4, 11, "needs either 'arg:'"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: task-state, state: asleep}]\n", 4, 11, "unknown task state 'asleep'"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: task-state, arg: 0, on_true: true}]\n", 4, 11, "needs 'state:'"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: task-state, state: running, arg: 0}]\n", 4, 11, "needs either 'arg:'"},
        BadCase{"version: 1\nentry_contexts:\n  - name: x\n    description: y\n    irq: nmi\n", 3, 5, "unknown irq state 'nmi'"},
        // Issue #17's nesting annotations.
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: sleep, subclass: 1}]\n", 4, 11, "'subclass:' belongs to an acquisition"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: set-class}]\n", 4, 11, "op 'set-class' needs 'arg:'"},
        BadCase{"version: 1\nirq_lock_classes:\n  - class: l\n    used_in: nmi\n    why: z\n", 3, 5, "unknown 'used_in' 'nmi'"},
        // A test that implies a context names one counting context.
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: implies}]\n", 4, 11, "op 'implies' needs 'context:'"},
        BadCase{"version: 1\nfunctions:\n  - names: [a]\n    do: [{op: implies, context: srcu, arg: 0}]\n", 4, 11, "op 'implies' needs 'context:'"}));

TEST(RulesLoader, BundledRulesParse) {
  RuleSet RS;
  RulesError E;
  ASSERT_TRUE(loadBundledRules(RS, E)) << E.File << ":" << E.Line << ": " << E.Message;
  EXPECT_NE(RS.lookup("rcu_read_lock", false), nullptr);
  EXPECT_NE(RS.lookup("rcu_dereference", true), nullptr);
  EXPECT_NE(RS.predicate("lockdep_is_held"), nullptr);
  EXPECT_EQ(RS.EntryContexts.count("softirq"), 1u);
  EXPECT_FALSE(RS.EntryFields.empty());
  EXPECT_EQ(RS.LockTypeSpins.count("rwlock_t"), 1u);
  EXPECT_EQ(RS.EntryContexts.at("hardirq").IrqState, EntryContext::Irq::Hardirq);
  EXPECT_EQ(RS.IrqLockClasses.count("struct rq::__lock"), 1u);
  ASSERT_NE(RS.lookup("set_current_state", true), nullptr);
  EXPECT_EQ(RS.lookup("set_current_state", true)->Steps.front().Op, StepOp::TaskState);
}

TEST(RulesLoader, MissingFileIsAnError) {
  RuleSet RS;
  RulesError E;
  EXPECT_FALSE(loadRulesFile("/nonexistent/rules.yaml", RS, E));
  EXPECT_NE(E.Message.find("cannot read"), std::string::npos);
}

// Where the bundled rules are found (issue #18): rules-dir= wins over
// $RCUCTX_RULES_DIR, which wins over the folder relative to the binary.
namespace {
struct EnvGuard {
  std::string Old;
  bool Had;
  EnvGuard() {
    const char *E = std::getenv("RCUCTX_RULES_DIR");
    Had = E != nullptr;
    if (Had)
      Old = E;
  }
  ~EnvGuard() {
    if (Had)
      setenv("RCUCTX_RULES_DIR", Old.c_str(), 1);
    else
      unsetenv("RCUCTX_RULES_DIR");
  }
};
} // namespace

TEST(RulesLookup, ExplicitThenEnvThenNextToTheBinary) {
  EnvGuard G;
  std::string How;
  setenv("RCUCTX_RULES_DIR", "/from/env", 1);
  EXPECT_EQ(bundledRulesDir({"/explicit", "/p/bin/rcuctx"}, &How), "/explicit");
  EXPECT_EQ(How, "rules-dir=");
  EXPECT_EQ(bundledRulesDir({"", "/p/bin/rcuctx"}, &How), "/from/env");
  EXPECT_EQ(How, "$RCUCTX_RULES_DIR");
  unsetenv("RCUCTX_RULES_DIR");
  // Nothing at /p: where it looked is reported, for both install layouts.
  std::vector<std::string> Tried;
  EXPECT_EQ(bundledRulesDir({"", "/nonexistent-prefix/lib/rcuctx/rcuctx.so"}, &How, &Tried), "");
  ASSERT_EQ(Tried.size(), 2u);
  EXPECT_EQ(Tried[0], "/nonexistent-prefix/lib/share/rcuctx/rules");
  EXPECT_EQ(Tried[1], "/nonexistent-prefix/share/rcuctx/rules");
  RuleSet RS;
  RulesError E;
  EXPECT_FALSE(loadBundledRules(RS, E, {"", "/nonexistent-prefix/bin/rcuctx"}));
  EXPECT_NE(E.Message.find("no rules folder next to /nonexistent-prefix/bin/rcuctx"), std::string::npos)
      << E.Message;
  EXPECT_EQ(E.File, "/nonexistent-prefix/share/rcuctx/rules");
}

TEST(RulesLookup, UnitTestsFindTheBuildTreeRules) {
  EnvGuard G;
  unsetenv("RCUCTX_RULES_DIR");
  RuleSet RS;
  RulesError E;
  // build/test/rcuctx-unit-tests -> build/share/rcuctx/rules
  ASSERT_TRUE(loadBundledRules(RS, E)) << E.File << ": " << E.Message;
  ASSERT_FALSE(RS.Files.empty());
  EXPECT_EQ(RS.Files.front().sha256().size(), 64u);
  EXPECT_EQ(RS.Files.front().sha256().find_first_not_of("0123456789abcdef"), std::string::npos);
}
