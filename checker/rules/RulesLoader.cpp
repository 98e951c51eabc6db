// rules/*.yaml loader, on LLVM's YAML I/O. Errors carry file:line:col from
// the YAML parser's own positions; semantic checks (an op missing its
// argument, an unknown context) are reported at the offending mapping.
#include "rules/Rules.h"

#include <functional>

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>
#include <cstdlib>
#include <dlfcn.h>

// The build defines it for rcuctx-core; a target that compiles this file
// again (the libFuzzer harness) may not.
#ifndef RCUCTX_VERSION
#define RCUCTX_VERSION "unknown"
#endif

using namespace rcuctx;

namespace {
// What a file holds, before conversion into the RuleSet.
struct YStep {
  StepOp Op = StepOp::Need;
  std::string Context;
  int Arg = -1;
  LockMode Mode = LockMode::Exclusive;
  std::optional<bool> Spins;
  int GfpArg = -1;
  int CondArg = -1;
  bool Assertion = false;
  bool CondNegated = false;
  bool SuccessZero = false;
  std::string What;
  std::string LockClass;
  bool OnTrue = false;
  std::string State;
  bool Resched = false;
  int SubclassArg = -1;
};
struct YFunction {
  std::vector<std::string> Names;
  MatchKind Match = MatchKind::Any;
  std::vector<YStep> Steps;
};
struct YPredicate {
  std::vector<std::string> Names;
  std::string Context;
  int Arg = -1;
  LockMode Mode = LockMode::Any;
  int ModeArg = -1;
};
struct YLockType {
  std::string Type;
  bool Spins = true;
};
struct YEntryContext {
  std::string Name, Description;
  std::vector<std::string> Raised;
  bool LocksMayBeHeld = false;
  std::string Irq;
};
struct YIrqClass {
  std::string Class, UsedIn, Why;
};
struct YEntryField {
  std::string Struct;
  std::vector<std::string> Fields;
  std::string Context, What;
  std::vector<std::string> Holds;
};
struct YTerm {
  std::vector<std::string> Names;
  std::vector<std::string> FalseExceptIn;
  std::string ArgClass;
};
struct YGfp {
  std::string ReclaimBitEnum;
  uint64_t ReclaimMask = 0;
};
struct YFile {
  int Version = 0;
  std::vector<YFunction> Functions;
  std::vector<YPredicate> Predicates;
  std::vector<YLockType> LockTypes;
  std::vector<YEntryContext> EntryContexts;
  std::vector<YEntryField> EntryFields;
  std::vector<YTerm> ConditionTerms;
  std::vector<YIrqClass> IrqLockClasses;
  std::optional<YGfp> Gfp;
};

bool knownContext(const std::string &C, bool AllowAny) {
  static const char *Known[] = {"rcu", "rcu_bh", "preempt", "irq", "srcu"};
  if (AllowAny && C == "rcu_any")
    return true;
  return std::find(std::begin(Known), std::end(Known), C) != std::end(Known);
}
} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(YStep)
LLVM_YAML_IS_SEQUENCE_VECTOR(YFunction)
LLVM_YAML_IS_SEQUENCE_VECTOR(YPredicate)
LLVM_YAML_IS_SEQUENCE_VECTOR(YLockType)
LLVM_YAML_IS_SEQUENCE_VECTOR(YEntryContext)
LLVM_YAML_IS_SEQUENCE_VECTOR(YEntryField)
LLVM_YAML_IS_SEQUENCE_VECTOR(YTerm)
LLVM_YAML_IS_SEQUENCE_VECTOR(YIrqClass)

namespace llvm {
namespace yaml {
template <> struct ScalarEnumerationTraits<StepOp> {
  static void enumeration(IO &Io, StepOp &V) {
    Io.enumCase(V, "enter", StepOp::Enter);
    Io.enumCase(V, "exit", StepOp::Exit);
    Io.enumCase(V, "acquire", StepOp::Acquire);
    Io.enumCase(V, "release", StepOp::Release);
    Io.enumCase(V, "try-acquire", StepOp::TryAcquire);
    Io.enumCase(V, "need", StepOp::Need);
    Io.enumCase(V, "sleep", StepOp::Sleep);
    Io.enumCase(V, "entry", StepOp::Entry);
    Io.enumCase(V, "assume-false", StepOp::AssumeFalse);
    Io.enumCase(V, "forget", StepOp::Forget);
    Io.enumCase(V, "init_lock", StepOp::InitLock);
    Io.enumCase(V, "set-class", StepOp::SetClass);
    Io.enumCase(V, "wait-gp", StepOp::WaitGracePeriod);
    Io.enumCase(V, "task-state", StepOp::TaskState);
    Io.enumCase(V, "schedule", StepOp::Schedule);
    Io.enumCase(V, "take-ref", StepOp::TakeRef);
    Io.enumCase(V, "yield", StepOp::Yield);
    Io.enumCase(V, "derive", StepOp::Derive);
  }
};
template <> struct ScalarEnumerationTraits<LockMode> {
  static void enumeration(IO &Io, LockMode &V) {
    Io.enumCase(V, "write", LockMode::Exclusive);
    Io.enumCase(V, "exclusive", LockMode::Exclusive);
    Io.enumCase(V, "read", LockMode::Shared);
    Io.enumCase(V, "shared", LockMode::Shared);
    Io.enumCase(V, "any", LockMode::Any);
    Io.enumCase(V, "not-held", LockMode::NotHeld);
  }
};
template <> struct ScalarEnumerationTraits<MatchKind> {
  static void enumeration(IO &Io, MatchKind &V) {
    Io.enumCase(V, "any", MatchKind::Any);
    Io.enumCase(V, "function", MatchKind::Function);
    Io.enumCase(V, "macro", MatchKind::Macro);
  }
};
template <> struct MappingTraits<YStep> {
  static void mapping(IO &Io, YStep &S) {
    Io.mapRequired("op", S.Op);
    Io.mapOptional("context", S.Context);
    Io.mapOptional("arg", S.Arg, -1);
    Io.mapOptional("mode", S.Mode, LockMode::Exclusive);
    Io.mapOptional("spins", S.Spins);
    Io.mapOptional("gfp_arg", S.GfpArg, -1);
    Io.mapOptional("cond_arg", S.CondArg, -1);
    Io.mapOptional("assertion", S.Assertion, false);
    Io.mapOptional("cond_negated", S.CondNegated, false);
    Io.mapOptional("what", S.What);
    Io.mapOptional("success_zero", S.SuccessZero, false);
    Io.mapOptional("lock_class", S.LockClass);
    Io.mapOptional("on_true", S.OnTrue, false);
    Io.mapOptional("state", S.State);
    Io.mapOptional("resched", S.Resched, false);
    Io.mapOptional("subclass", S.SubclassArg, -1);
  }
  static std::string validate(IO &, YStep &S) {
    switch (S.Op) {
    case StepOp::Enter:
    case StepOp::Exit:
      if (!knownContext(S.Context, false))
        return "op '" + std::string(S.Op == StepOp::Enter ? "enter" : "exit") +
               "' needs 'context:' one of rcu, rcu_bh, preempt, irq, srcu";
      if (S.Context == "srcu" && S.Arg < 0)
        return "an srcu context needs 'arg:' naming the srcu_struct argument";
      break;
    case StepOp::Acquire:
    case StepOp::Release:
    case StepOp::TryAcquire:
      if (S.Arg < 0)
        return "a lock op needs 'arg:' (the lock argument's index)";
      break;
    case StepOp::Need:
      if (S.Context.empty() && S.Arg < 0 && S.CondArg < 0)
        return "op 'need' needs 'context:', a lock 'arg:', or 'cond_arg:'";
      if (!S.Context.empty() && !knownContext(S.Context, true))
        return "unknown context '" + S.Context +
               "' (expected rcu, rcu_bh, preempt, irq, srcu or rcu_any)";
      if (S.Context == "srcu" && S.Arg < 0)
        return "an srcu context needs 'arg:' naming the srcu_struct argument";
      break;
    case StepOp::Sleep:
    case StepOp::Schedule:
      break;
    case StepOp::TaskState:
      if (!S.OnTrue && (S.Arg < 0) == S.State.empty())
        return "op 'task-state' needs either 'arg:' (the state argument) or 'state:'";
      if (!S.State.empty() && S.State != "running" && S.State != "blocked")
        return "unknown task state '" + S.State + "' (expected running or blocked)";
      if (S.OnTrue && S.State.empty())
        return "a task-state test ('on_true: true') needs 'state:' (and 'arg:' for the task "
               "tested, when there is one)";
      break;
    case StepOp::TakeRef:
      if (S.Arg < 0)
        return "op 'take-ref' needs 'arg:'";
      break;
    case StepOp::Derive:
      if (S.Arg < 0)
        return "op 'derive' needs 'arg:'";
      break;
    case StepOp::Yield:
      if (!knownContext(S.Context, false) || S.Context == "srcu")
        return "op 'yield' needs 'context:' one of rcu, rcu_bh, preempt, irq";
      break;
    case StepOp::Forget:
      if (S.LockClass.empty())
        return "op 'forget' needs 'lock_class:'";
      break;
    case StepOp::WaitGracePeriod:
      if (S.Context != "srcu" || S.Arg < 0)
        return "op 'wait-gp' needs 'context: srcu' and 'arg:' naming the srcu_struct argument";
      break;
    case StepOp::InitLock:
      if (S.Arg < 0)
        return "op 'init_lock' needs 'arg:' (the lock)";
      break;
    case StepOp::SetClass:
      if (S.Arg < 0)
        return "op 'set-class' needs 'arg:' (the lock)";
      break;
    case StepOp::AssumeFalse:
      if (S.CondArg < 0)
        return "op 'assume-false' needs 'cond_arg:'";
      break;
    case StepOp::Entry:
      if (S.Arg < 0 || S.Context.empty() || S.What.empty())
        return "op 'entry' needs 'arg:' (the function argument), 'context:' (an entry "
               "context's name) and 'what:'";
      break;
    }
    if (S.SubclassArg >= 0 && S.Op != StepOp::Acquire && S.Op != StepOp::TryAcquire)
      return "'subclass:' belongs to an acquisition (op 'acquire' or 'try-acquire')";
    if (S.Arg > 16 || S.GfpArg > 16 || S.CondArg > 16 || S.SubclassArg > 16)
      return "argument index out of range (0..16)";
    return "";
  }
};
template <> struct MappingTraits<YFunction> {
  static void mapping(IO &Io, YFunction &F) {
    Io.mapRequired("names", F.Names);
    Io.mapOptional("match", F.Match, MatchKind::Any);
    Io.mapRequired("do", F.Steps);
  }
  static std::string validate(IO &, YFunction &F) {
    if (F.Names.empty())
      return "'names:' must list at least one function or macro";
    if (F.Steps.empty())
      return "'do:' must list at least one step";
    return "";
  }
};
template <> struct MappingTraits<YPredicate> {
  static void mapping(IO &Io, YPredicate &P) {
    Io.mapRequired("names", P.Names);
    Io.mapOptional("context", P.Context);
    Io.mapOptional("arg", P.Arg, -1);
    Io.mapOptional("mode", P.Mode, LockMode::Any);
    Io.mapOptional("mode_arg", P.ModeArg, -1);
  }
  static std::string validate(IO &, YPredicate &P) {
    if (P.Names.empty())
      return "'names:' must list at least one predicate";
    if (P.Context.empty() && P.Arg < 0)
      return "a predicate needs 'context:' or a lock 'arg:'";
    if (!P.Context.empty() && !knownContext(P.Context, true))
      return "unknown context '" + P.Context + "'";
    return "";
  }
};
template <> struct MappingTraits<YLockType> {
  static void mapping(IO &Io, YLockType &L) {
    Io.mapRequired("type", L.Type);
    Io.mapRequired("spins", L.Spins);
  }
};
template <> struct MappingTraits<YEntryContext> {
  static void mapping(IO &Io, YEntryContext &C) {
    Io.mapRequired("name", C.Name);
    Io.mapRequired("description", C.Description);
    Io.mapOptional("raised", C.Raised);
    Io.mapOptional("locks_may_be_held", C.LocksMayBeHeld, false);
    Io.mapOptional("irq", C.Irq);
  }
  static std::string validate(IO &, YEntryContext &C) {
    for (auto &R : C.Raised)
      if (!knownContext(R, false) || R == "srcu")
        return "unknown raised context '" + R + "' (expected rcu, rcu_bh, preempt or irq)";
    if (!C.Irq.empty() && C.Irq != "enabled" && C.Irq != "softirq" && C.Irq != "hardirq" &&
        C.Irq != "disabled")
      return "unknown irq state '" + C.Irq + "' (expected enabled, disabled, softirq or hardirq)";
    return "";
  }
};
template <> struct MappingTraits<YIrqClass> {
  static void mapping(IO &Io, YIrqClass &C) {
    Io.mapRequired("class", C.Class);
    Io.mapRequired("used_in", C.UsedIn);
    Io.mapRequired("why", C.Why);
  }
  static std::string validate(IO &, YIrqClass &C) {
    if (C.UsedIn != "hardirq" && C.UsedIn != "softirq")
      return "unknown 'used_in' '" + C.UsedIn + "' (expected hardirq or softirq)";
    return "";
  }
};
template <> struct MappingTraits<YEntryField> {
  static void mapping(IO &Io, YEntryField &F) {
    Io.mapRequired("struct", F.Struct);
    Io.mapRequired("fields", F.Fields);
    Io.mapRequired("context", F.Context);
    Io.mapRequired("what", F.What);
    Io.mapOptional("holds", F.Holds);
  }
};
template <> struct MappingTraits<YTerm> {
  static void mapping(IO &Io, YTerm &T) {
    Io.mapRequired("names", T.Names);
    Io.mapRequired("false_except_in", T.FalseExceptIn);
    Io.mapOptional("arg_class", T.ArgClass);
  }
  static std::string validate(IO &, YTerm &T) {
    if (T.Names.empty() || T.FalseExceptIn.empty())
      return "a condition term needs 'names:' and 'false_except_in:'";
    return "";
  }
};
template <> struct MappingTraits<YGfp> {
  static void mapping(IO &Io, YGfp &G) {
    Io.mapOptional("reclaim_bit_enum", G.ReclaimBitEnum);
    Io.mapOptional("reclaim_mask", G.ReclaimMask, (uint64_t)0);
  }
};
template <> struct MappingTraits<YFile> {
  static void mapping(IO &Io, YFile &F) {
    Io.mapRequired("version", F.Version);
    Io.mapOptional("functions", F.Functions);
    Io.mapOptional("predicates", F.Predicates);
    Io.mapOptional("lock_types", F.LockTypes);
    Io.mapOptional("entry_contexts", F.EntryContexts);
    Io.mapOptional("entry_fields", F.EntryFields);
    Io.mapOptional("irq_lock_classes", F.IrqLockClasses);
    Io.mapOptional("condition_terms", F.ConditionTerms);
    Io.mapOptional("gfp", F.Gfp);
  }
  static std::string validate(IO &, YFile &F) {
    if (F.Version != RulesFormatVersion)
      return "unsupported rules version " + std::to_string(F.Version) + " (expected " +
             std::to_string(RulesFormatVersion) + ")";
    return "";
  }
};
} // namespace yaml
} // namespace llvm

void RuleSet::merge(RuleSet &&O) {
  Files.insert(Files.end(), O.Files.begin(), O.Files.end());
  for (auto &KV : O.Functions)
    Functions[KV.first] = std::move(KV.second);
  for (auto &KV : O.Predicates)
    Predicates[KV.first] = std::move(KV.second);
  for (auto &KV : O.LockTypeSpins)
    LockTypeSpins[KV.first] = KV.second;
  for (auto &KV : O.EntryContexts)
    EntryContexts[KV.first] = std::move(KV.second);
  for (auto &KV : O.FalseExcept)
    FalseExcept[KV.first] = std::move(KV.second);
  EntryFields.insert(EntryFields.end(), O.EntryFields.begin(), O.EntryFields.end());
  for (auto &KV : O.IrqLockClasses)
    IrqLockClasses[KV.first] = std::move(KV.second);
  if (!O.GfpReclaimBitEnum.empty())
    GfpReclaimBitEnum = O.GfpReclaimBitEnum;
  if (O.GfpReclaimMask)
    GfpReclaimMask = O.GfpReclaimMask;
}

bool rcuctx::parseRules(const std::string &FileName, const std::string &Text, RuleSet &Out,
                        RulesError &Err) {
  bool HaveErr = false;
  auto Handler = [](const llvm::SMDiagnostic &D, void *Ctx) {
    auto *E = static_cast<std::pair<RulesError *, bool *> *>(Ctx);
    if (*E->second)
      return; // keep the first error: later ones are usually its echo
    *E->second = true;
    E->first->Line = D.getLineNo() > 0 ? D.getLineNo() : 1;
    E->first->Column = D.getColumnNo() >= 0 ? D.getColumnNo() + 1 : 1;
    E->first->Message = D.getMessage().str();
  };
  std::pair<RulesError *, bool *> Ctx{&Err, &HaveErr};
  Err.File = FileName;

  // LLVM's YAML reader (yaml::Input) has no notion of aliases: one at the
  // root leaves it without a current node, and its next error dereferences
  // it (found by fuzz-libfuzzer: `*a` then a malformed line). Refuse them
  // with their location before it sees the text.
  {
    llvm::SourceMgr AliasSM;
    AliasSM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {}, nullptr);
    llvm::yaml::Stream Scan(Text, AliasSM);
    std::function<const llvm::yaml::Node *(llvm::yaml::Node *, unsigned)> FindAlias =
        [&](llvm::yaml::Node *N, unsigned Depth) -> const llvm::yaml::Node * {
      if (!N || Depth > 256)
        return nullptr;
      if (llvm::isa<llvm::yaml::AliasNode>(N))
        return N;
      if (auto *M = llvm::dyn_cast<llvm::yaml::MappingNode>(N)) {
        for (auto &KV : *M) {
          if (const auto *A = FindAlias(KV.getKey(), Depth + 1))
            return A;
          if (const auto *A = FindAlias(KV.getValue(), Depth + 1))
            return A;
        }
      } else if (auto *Q = llvm::dyn_cast<llvm::yaml::SequenceNode>(N)) {
        for (auto &E : *Q)
          if (const auto *A = FindAlias(&E, Depth + 1))
            return A;
      }
      return nullptr;
    };
    for (auto &Doc : Scan) {
      if (const auto *A = FindAlias(Doc.getRoot(), 0)) {
        // An alias node has no source range; its name points into the text,
        // just after the '*'.
        llvm::StringRef Name = llvm::cast<llvm::yaml::AliasNode>(A)->getName();
        const char *P = Name.data() ? Name.data() - 1 : nullptr;
        Err.Line = Err.Column = 1;
        if (P && P >= Text.data() && P < Text.data() + Text.size())
          for (const char *C = Text.data(); C < P; ++C)
            *C == '\n' ? (++Err.Line, Err.Column = 1) : ++Err.Column;
        Err.Message = "YAML aliases ('*name') are not supported in rules files";
        return false;
      }
      if (Scan.failed())
        break;
    }
  }

  // LLVM's YAML reader expects a mapping at the root and misbehaves on an
  // empty document or a bare scalar or list: look at the root first.
  {
    llvm::SourceMgr PreSM;
    PreSM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {}, nullptr);
    llvm::yaml::Stream Pre(Text, PreSM);
    auto Doc = Pre.begin();
    llvm::yaml::Node *Root = Doc != Pre.end() ? Doc->getRoot() : nullptr;
    if (!Root || llvm::isa<llvm::yaml::NullNode>(Root)) {
      Err.Line = Err.Column = 1;
      Err.Message = "empty rules file (expected 'version: 1')";
      return false;
    }
    if (!llvm::isa<llvm::yaml::MappingNode>(Root) && !Pre.failed()) {
      Err.Line = Err.Column = 1;
      Err.Message = "the rules file is not a mapping (expected 'version: 1' and 'functions:')";
      return false;
    }
    // A file written for a newer rcuctx: say so at its version, before its
    // content (which may use what this build does not know) is judged.
    if (auto *Map = llvm::dyn_cast<llvm::yaml::MappingNode>(Root)) {
      for (auto &KV : *Map) {
        auto *K = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(KV.getKey());
        llvm::SmallString<16> KS, VS;
        if (!K || K->getValue(KS) != "version")
          continue;
        auto *V = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(KV.getValue());
        unsigned long long N = 0;
        if (V && !V->getValue(VS).getAsInteger(10, N) && N > (unsigned)RulesFormatVersion) {
          auto LC = PreSM.getLineAndColumn(V->getSourceRange().Start);
          Err.Line = LC.first;
          Err.Column = LC.second;
          Err.Message = "rules version " + std::to_string(N) + " is newer than this rcuctx " RCUCTX_VERSION
                        " understands (version " + std::to_string(RulesFormatVersion) +
                        "): upgrade rcuctx or use rules made for it";
          return false;
        }
        break;
      }
    }
  }
  YFile File;
  llvm::yaml::Input In(Text, &Ctx, Handler, &Ctx);
  In >> File;
  if (In.error() || HaveErr) {
    if (!HaveErr) {
      Err.Line = 1;
      Err.Column = 1;
      Err.Message = "malformed rules file";
    }
    return false;
  }

  RuleSet RS;
  RS.GfpReclaimBitEnum.clear();
  RS.GfpReclaimMask = 0;
  for (auto &YF : File.Functions) {
    FunctionRule R;
    R.Match = YF.Match;
    R.Origin = FileName;
    for (auto &YS : YF.Steps) {
      RuleStep S;
      S.Op = YS.Op;
      S.Context = YS.Context;
      S.Arg = YS.Arg;
      S.Mode = YS.Mode;
      S.Spins = YS.Spins.value_or(true);
      S.GfpArg = YS.GfpArg;
      S.CondArg = YS.CondArg;
      S.Assertion = YS.Assertion;
      S.CondNegated = YS.CondNegated;
      S.What = YS.What;
      S.SuccessZero = YS.SuccessZero;
      S.LockClass = YS.LockClass;
      S.OnTrue = YS.OnTrue;
      S.State = YS.State;
      S.Resched = YS.Resched;
      S.SubclassArg = YS.SubclassArg;
      R.Steps.push_back(S);
    }
    for (auto &N : YF.Names) {
      R.Name = N;
      RS.Functions[N] = R;
    }
  }
  for (auto &YP : File.Predicates) {
    PredicateRule P;
    P.Context = YP.Context;
    P.Arg = YP.Arg;
    P.Mode = YP.Mode;
    P.ModeArg = YP.ModeArg;
    for (auto &N : YP.Names) {
      P.Name = N;
      RS.Predicates[N] = P;
    }
  }
  for (auto &C : File.EntryContexts) {
    using I = EntryContext::Irq;
    RS.EntryContexts[C.Name] = {C.Name, C.Description, C.Raised, C.LocksMayBeHeld,
                                C.Irq == "enabled"   ? I::Enabled
                                : C.Irq == "softirq" ? I::Softirq
                                : C.Irq == "hardirq" ? I::Hardirq
                                                     : I::Unknown};
  }
  for (auto &C : File.IrqLockClasses)
    RS.IrqLockClasses[C.Class] = {C.Class,
                                  C.UsedIn == "softirq" ? EntryContext::Irq::Softirq
                                                        : EntryContext::Irq::Hardirq,
                                  C.Why};
  for (auto &F : File.EntryFields)
    RS.EntryFields.push_back({F.Struct, F.Fields, F.Context, F.What, F.Holds});
  for (auto &T : File.ConditionTerms)
    for (auto &N : T.Names)
      RS.FalseExcept[N] = {T.FalseExceptIn, T.ArgClass};
  for (auto &L : File.LockTypes)
    RS.LockTypeSpins[L.Type] = L.Spins;
  if (File.Gfp) {
    RS.GfpReclaimBitEnum = File.Gfp->ReclaimBitEnum;
    RS.GfpReclaimMask = File.Gfp->ReclaimMask;
  }
  Out.merge(std::move(RS));
  return true;
}

bool rcuctx::loadRulesFile(const std::string &Path, RuleSet &Out, RulesError &Err) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Err.File = Path;
    Err.Line = Err.Column = 0;
    Err.Message = "cannot read rules file: " + Buf.getError().message();
    return false;
  }
  llvm::StringRef Text = (*Buf)->getBuffer();
  if (!parseRules(Path, Text.str(), Out, Err))
    return false;
  Out.Files.push_back({Path, llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(Text)),
                                         /*LowerCase=*/true)});
  return true;
}


namespace {
// Internal linkage: its address is this object's own, whichever other
// rcuctx module (plugin, tidy module) the process has loaded.
void anchor() {}

std::string absolutePath(llvm::StringRef P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(S, Real))
    return std::string(Real);
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}
} // namespace

std::string rcuctx::thisObjectPath() {
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&anchor), &Info) && Info.dli_fname && *Info.dli_fname) {
    // For the main executable glibc gives argv[0], which may be a bare name
    // found through $PATH: only a path that exists is trusted.
    if (llvm::StringRef(Info.dli_fname).contains('/') && llvm::sys::fs::exists(Info.dli_fname))
      return absolutePath(Info.dli_fname);
  }
  return llvm::sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&anchor));
}

std::string rcuctx::bundledRulesDir(const RulesLookup &L, std::string *How,
                                    std::vector<std::string> *Tried) {
  auto Say = [&](const std::string &H) {
    if (How)
      *How = H;
  };
  if (!L.Explicit.empty()) {
    Say(L.ExplicitName);
    return L.Explicit;
  }
  if (const char *Env = std::getenv("RCUCTX_RULES_DIR"); Env && *Env) {
    Say("$RCUCTX_RULES_DIR");
    return Env;
  }
  std::string Self = L.Self.empty() ? thisObjectPath() : absolutePath(L.Self);
  llvm::StringRef Dir = llvm::sys::path::parent_path(Self);
  // bin/ and build/checker/ are one level below the prefix, lib/rcuctx/ two.
  for (const char *Rel : {"../share/rcuctx/rules", "../../share/rcuctx/rules"}) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Rel);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    if (Tried)
      Tried->push_back(std::string(P));
    if (llvm::sys::fs::is_directory(P)) {
      Say("next to " + Self);
      return std::string(P);
    }
  }
  Say("next to " + Self);
  return "";
}

bool rcuctx::loadBundledRules(RuleSet &Out, RulesError &Err, const RulesLookup &L) {
  std::string How;
  std::vector<std::string> Tried;
  std::string Dir = bundledRulesDir(L, &How, &Tried);
  Err.Line = Err.Column = 0;
  if (Dir.empty()) {
    Err.File = Tried.empty() ? std::string("rules") : Tried.front();
    std::string Also;
    for (size_t I = 1; I < Tried.size(); ++I)
      Also += (Also.empty() ? " (also looked in '" : "', '") + Tried[I];
    if (!Also.empty())
      Also += "')";
    Err.Message = "no rules folder " + How + Also +
                  "; give rules-dir=DIR (rcuctx --rules-dir DIR) or set $RCUCTX_RULES_DIR";
    return false;
  }
  auto Fail = [&](const std::string &Why) {
    Err.File = Dir;
    Err.Message = "rules folder (from " + How + ") " + Why;
    return false;
  };
  if (!llvm::sys::fs::exists(Dir))
    return Fail("does not exist");
  if (!llvm::sys::fs::is_directory(Dir))
    return Fail("is not a folder");
  std::vector<std::string> Files;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".yaml")
      Files.push_back(It->path());
  if (EC)
    return Fail("cannot be read: " + EC.message());
  if (Files.empty())
    return Fail("holds no *.yaml rules files");
  std::sort(Files.begin(), Files.end());
  for (auto &F : Files)
    if (!loadRulesFile(F, Out, Err))
      return false;
  return true;
}

std::string rcuctx::versionText(const RuleSet &Rules, const std::string &RulesDir,
                                const std::string &How) {
  std::string S = "rcuctx " RCUCTX_VERSION " (built against LLVM " LLVM_VERSION_STRING
                  ", rules format " + std::to_string(RulesFormatVersion) + ")\n";
  if (!RulesDir.empty())
    S += "bundled rules: " + RulesDir + " (from " + How + ")\n";
  else
    S += "bundled rules: not loaded\n";
  S += "rules files loaded (sha256, path):\n";
  for (const LoadedRulesFile &F : Rules.Files)
    S += "  " + F.Sha256 + "  " + F.Path + "\n";
  return S;
}
