// How LLVM's YAML I/O maps a rules file onto its schema (RulesSchema.h), and
// the checks a mapping makes as it is read: an op missing its argument, an
// unknown context or task state, an argument index out of range. Each
// check's message is reported at the offending mapping.
//
// Owns the trait definitions and knownContext(). It must not convert into
// the RuleSet or read files (RulesLoader.cpp), nor find rules folders
// (RulesLookup.cpp).
#include "rules/RulesSchema.h"

#include <algorithm>

using namespace rcuctx;
using namespace rcuctx::rulesyaml;

namespace {
// "pagefault" (pagefault_disable()) is entered and left, never needed: a
// user access under it fails instead of sleeping (a sleep's fault_only).
bool knownContext(const std::string &C, bool AllowAny, bool AllowPagefault = false) {
  static const char *Known[] = {"rcu", "rcu_bh", "preempt", "irq", "srcu"};
  if (AllowAny && C == "rcu_any")
    return true;
  if (AllowPagefault && C == "pagefault")
    return true;
  return std::find(std::begin(Known), std::end(Known), C) != std::end(Known);
}
// The message for a return class no value has, or "".
std::string unknownClass(const std::vector<std::string> &Classes) {
  for (const std::string &C : Classes)
    if (C != "zero" && C != "error" && C != "valid")
      return "unknown return class '" + C + "' (expected zero, error or valid)";
  return "";
}
} // namespace

namespace llvm {
namespace yaml {
void ScalarEnumerationTraits<StepOp>::enumeration(IO &Io, StepOp &V) {
  Io.enumCase(V, "enter", StepOp::Enter);
  Io.enumCase(V, "exit", StepOp::Exit);
  Io.enumCase(V, "acquire", StepOp::Acquire);
  Io.enumCase(V, "release", StepOp::Release);
  Io.enumCase(V, "downgrade", StepOp::Downgrade);
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
  Io.enumCase(V, "returns", StepOp::Returns);
  Io.enumCase(V, "implies", StepOp::Implies);
  Io.enumCase(V, "atomic-test", StepOp::AtomicTest);
  Io.enumCase(V, "excludes", StepOp::Excludes);
  Io.enumCase(V, "boot", StepOp::Boot);
  Io.enumCase(V, "list-update", StepOp::ListUpdate);
}

void ScalarEnumerationTraits<LockMode>::enumeration(IO &Io, LockMode &V) {
  Io.enumCase(V, "write", LockMode::Exclusive);
  Io.enumCase(V, "exclusive", LockMode::Exclusive);
  Io.enumCase(V, "read", LockMode::Shared);
  Io.enumCase(V, "shared", LockMode::Shared);
  Io.enumCase(V, "any", LockMode::Any);
  Io.enumCase(V, "not-held", LockMode::NotHeld);
}

void ScalarEnumerationTraits<MatchKind>::enumeration(IO &Io, MatchKind &V) {
  Io.enumCase(V, "any", MatchKind::Any);
  Io.enumCase(V, "function", MatchKind::Function);
  Io.enumCase(V, "macro", MatchKind::Macro);
}

void MappingTraits<YStep>::mapping(IO &Io, YStep &S) {
  Io.mapRequired("op", S.Op);
  Io.mapOptional("context", S.Context);
  Io.mapOptional("arg", S.Arg, -1);
  Io.mapOptional("mode", S.Mode, LockMode::Exclusive);
  Io.mapOptional("spins", S.Spins);
  Io.mapOptional("gfp_arg", S.GfpArg, -1);
  Io.mapOptional("cond_arg", S.CondArg, -1);
  Io.mapOptional("list_entry_arg", S.ListEntryArg, -1);
  Io.mapOptional("list_member_arg", S.ListMemberArg, -1);
  Io.mapOptional("assertion", S.Assertion, false);
  Io.mapOptional("cond_negated", S.CondNegated, false);
  Io.mapOptional("what", S.What);
  Io.mapOptional("success_zero", S.SuccessZero, false);
  Io.mapOptional("lock_class", S.LockClass);
  Io.mapOptional("on_true", S.OnTrue, false);
  Io.mapOptional("state", S.State);
  Io.mapOptional("resched", S.Resched, false);
  Io.mapOptional("outside_interrupt", S.OutsideInterrupt, false);
  Io.mapOptional("fault_only", S.FaultOnly, false);
  Io.mapOptional("subclass", S.SubclassArg, -1);
  Io.mapOptional("holds", S.Holds);
  Io.mapOptional("on_return", S.OnReturn);
  Io.mapOptional("classes", S.Classes);
  Io.mapOptional("when_arg", S.WhenArg, -1);
  Io.mapOptional("try", S.Try, false);
}

std::string MappingTraits<YStep>::validate(IO &, YStep &S) {
  switch (S.Op) {
  case StepOp::Enter:
  case StepOp::Exit:
    if (!knownContext(S.Context, false, /*AllowPagefault=*/true))
      return "op '" + std::string(S.Op == StepOp::Enter ? "enter" : "exit") +
             "' needs 'context:' one of rcu, rcu_bh, preempt, irq, srcu, pagefault";
    if (S.Context == "srcu" && S.Arg < 0)
      return "an srcu context needs 'arg:' naming the srcu_struct argument";
    break;
  case StepOp::Release:
    // `lock_class:` instead of `arg:`: a slot's contract to drop a lock of
    // its argument's object (`struct blk_holder_ops::freeze` drops
    // `bdev->bd_holder_lock`), not an argument itself.
    if (S.Arg >= 0 && !S.LockClass.empty())
      return "a release names its lock by 'arg:' or by 'lock_class:', not both";
    if (S.Arg < 0 && S.LockClass.empty())
      return "a lock op needs 'arg:' (the lock argument's index) or, for a release, 'lock_class:'";
    break;
  case StepOp::Acquire:
    // By its class: a global lock (a function that returns holding
    // cgroup_threadgroup_rwsem), or one of an argument's objects
    // (io_sq_thread_park() takes sqd->lock); a contract then
    // (RuleStep::contract()).
    if (S.Arg >= 0 && !S.LockClass.empty())
      return "an acquisition names its lock by 'arg:' or by 'lock_class:', not both";
    if (S.Arg < 0 && S.LockClass.empty())
      return "a lock op needs 'arg:' (the lock argument's index) or 'lock_class:'";
    break;
  case StepOp::TryAcquire:
  case StepOp::Downgrade:
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
  case StepOp::ListUpdate:
    if (S.Arg < 0)
      return "op 'list-update' needs 'arg:' (the entry's list link, `&e->node`)";
    break;
  case StepOp::Returns:
    if (S.Classes.empty())
      return "op 'returns' needs 'classes:' (some of zero, error, valid)";
    if (std::string E = unknownClass(S.Classes); !E.empty())
      return E;
    break;
  case StepOp::Derive:
    if (S.Arg < 0)
      return "op 'derive' needs 'arg:'";
    break;
  case StepOp::Yield:
  case StepOp::Implies:
    if (!knownContext(S.Context, false) || S.Context == "srcu")
      return "op '" + std::string(S.Op == StepOp::Yield ? "yield" : "implies") +
             "' needs 'context:' one of rcu, rcu_bh, preempt, irq";
    break;
  case StepOp::Forget:
  case StepOp::Excludes:
    if (S.LockClass.empty())
      return "op '" + std::string(S.Op == StepOp::Forget ? "forget" : "excludes") + "' needs 'lock_class:'";
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
  case StepOp::AtomicTest:
  case StepOp::Boot:
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
  if ((!S.OnReturn.empty() || S.WhenArg >= 0) && S.Op != StepOp::Acquire &&
      S.Op != StepOp::Release)
    return "'on_return:' and 'when_arg:' belong to a lock op (op 'acquire' or 'release')";
  if (std::string E = unknownClass(S.OnReturn); !E.empty())
    return E;
  // A trylock named by its class: a contract, taken on some returns only.
  // One of an argument is op 'try-acquire'.
  if (S.Try && (S.Op != StepOp::Acquire || S.OnReturn.empty()))
    return "'try:' belongs to an acquisition taken on some returns only (op 'acquire' with "
           "'on_return:'); a trylock of an argument is op 'try-acquire'";
  if ((S.ListEntryArg >= 0) != (S.ListMemberArg >= 0))
    return "'list_entry_arg:' and 'list_member_arg:' go together (the entry cursor and the "
           "member it is linked through)";
  if (S.ListEntryArg >= 0 && S.Op != StepOp::Need)
    return "'list_entry_arg:' belongs to a list traversal's need (op 'need')";
  if (S.FaultOnly && S.Op != StepOp::Sleep)
    return "'fault_only:' belongs to a sleep (op 'sleep')";
  if (!S.Classes.empty() && S.Op != StepOp::Returns)
    return "'classes:' belongs to op 'returns'";
  if (!S.Holds.empty() && S.Op != StepOp::Entry)
    return "'holds:' belongs to an entry (op 'entry'): the locks the kernel holds around the callback";
  if (S.SubclassArg >= 0 && S.Op != StepOp::Acquire && S.Op != StepOp::TryAcquire)
    return "'subclass:' belongs to an acquisition (op 'acquire' or 'try-acquire')";
  if (S.Arg > 16 || S.GfpArg > 16 || S.CondArg > 16 || S.SubclassArg > 16 || S.WhenArg > 16 ||
      S.ListEntryArg > 16 || S.ListMemberArg > 16)
    return "argument index out of range (0..16)";
  return "";
}

void MappingTraits<YFunction>::mapping(IO &Io, YFunction &F) {
  Io.mapRequired("names", F.Names);
  Io.mapOptional("match", F.Match, MatchKind::Any);
  Io.mapRequired("do", F.Steps);
}

std::string MappingTraits<YFunction>::validate(IO &, YFunction &F) {
  // A list traversal's member argument is a name, read from a macro's
  // tokens: a function's arguments are expressions.
  for (const YStep &S : F.Steps)
    if (S.ListEntryArg >= 0 && F.Match != MatchKind::Macro)
      return "'list_entry_arg:' needs 'match: macro' (the member is read as written)";
  if (F.Names.empty())
    return "'names:' must list at least one function or macro";
  if (F.Steps.empty())
    return "'do:' must list at least one step";
  // A contract is composed as a summary (acquisitions and releases by
  // return value): a step of another kind could not be applied with it.
  bool Contract = false, Other = false;
  for (const YStep &S : F.Steps) {
    bool C = !S.OnReturn.empty() || S.WhenArg >= 0;
    Contract |= C;
    Other |= !C && S.Op != StepOp::Acquire && S.Op != StepOp::Release && S.Op != StepOp::Returns &&
             S.Op != StepOp::Sleep;
  }
  if (Contract && Other)
    return "a rule with 'on_return:' or 'when_arg:' may only acquire, release, sleep and say "
           "what it returns";
  return "";
}

void MappingTraits<YPredicate>::mapping(IO &Io, YPredicate &P) {
  Io.mapRequired("names", P.Names);
  Io.mapOptional("context", P.Context);
  Io.mapOptional("arg", P.Arg, -1);
  Io.mapOptional("lock_class", P.LockClass);
  Io.mapOptional("mode", P.Mode, LockMode::Any);
  Io.mapOptional("mode_arg", P.ModeArg, -1);
}

std::string MappingTraits<YPredicate>::validate(IO &, YPredicate &P) {
  if (P.Names.empty())
    return "'names:' must list at least one predicate";
  // A global lock defined in another file (lockdep_rtnl_is_held():
  // rtnl_mutex is static in net/core/rtnetlink.c) is named by its class.
  if (P.Context.empty() && (P.Arg < 0) == P.LockClass.empty())
    return "a predicate needs 'context:', or its lock as an 'arg:' or a 'lock_class:' (one of them)";
  if (!P.Context.empty() && !P.LockClass.empty())
    return "a predicate names a 'context:' or a 'lock_class:', not both";
  if (!P.Context.empty() && !knownContext(P.Context, true))
    return "unknown context '" + P.Context + "'";
  return "";
}

void MappingTraits<YLockType>::mapping(IO &Io, YLockType &L) {
  Io.mapRequired("type", L.Type);
  Io.mapRequired("spins", L.Spins);
}

void MappingTraits<YEntryContext>::mapping(IO &Io, YEntryContext &C) {
  Io.mapRequired("name", C.Name);
  Io.mapRequired("description", C.Description);
  Io.mapOptional("raised", C.Raised);
  Io.mapOptional("locks_may_be_held", C.LocksMayBeHeld, false);
  Io.mapOptional("irq", C.Irq);
}

std::string MappingTraits<YEntryContext>::validate(IO &, YEntryContext &C) {
  for (auto &R : C.Raised)
    if (!knownContext(R, false) || R == "srcu")
      return "unknown raised context '" + R + "' (expected rcu, rcu_bh, preempt or irq)";
  if (!C.Irq.empty() && C.Irq != "enabled" && C.Irq != "softirq" && C.Irq != "hardirq" &&
      C.Irq != "disabled")
    return "unknown irq state '" + C.Irq + "' (expected enabled, disabled, softirq or hardirq)";
  return "";
}

void MappingTraits<YIrqClass>::mapping(IO &Io, YIrqClass &C) {
  Io.mapRequired("class", C.Class);
  Io.mapRequired("used_in", C.UsedIn);
  Io.mapRequired("why", C.Why);
}

std::string MappingTraits<YIrqClass>::validate(IO &, YIrqClass &C) {
  if (C.UsedIn != "hardirq" && C.UsedIn != "softirq")
    return "unknown 'used_in' '" + C.UsedIn + "' (expected hardirq or softirq)";
  return "";
}

void MappingTraits<YEntryField>::mapping(IO &Io, YEntryField &F) {
  Io.mapRequired("struct", F.Struct);
  Io.mapRequired("fields", F.Fields);
  Io.mapRequired("context", F.Context);
  Io.mapRequired("what", F.What);
  Io.mapOptional("holds", F.Holds);
  Io.mapOptional("by_init", F.ByInit);
}

void MappingTraits<YEntryInit>::mapping(IO &Io, YEntryInit &I) {
  Io.mapRequired("names", I.Names);
  Io.mapRequired("mode_arg", I.ModeArg);
  Io.mapRequired("mode_bits", I.ModeBits);
  Io.mapRequired("context", I.Context);
  Io.mapRequired("what", I.What);
}

std::string MappingTraits<YEntryInit>::validate(IO &, YEntryInit &I) {
  if (I.Names.empty())
    return "'by_init:' needs 'names:' (the functions that set the object up)";
  if (I.ModeArg < 0 || I.ModeArg > 16)
    return "'by_init:' needs 'mode_arg:' (an argument index, 0..16)";
  if (I.ModeBits == 0)
    return "'by_init:' needs 'mode_bits:' (the bits of the mode that select its context)";
  return "";
}

void MappingTraits<YTerm>::mapping(IO &Io, YTerm &T) {
  Io.mapRequired("names", T.Names);
  Io.mapRequired("false_except_in", T.FalseExceptIn);
  Io.mapOptional("arg_class", T.ArgClass);
}

std::string MappingTraits<YTerm>::validate(IO &, YTerm &T) {
  if (T.Names.empty() || T.FalseExceptIn.empty())
    return "a condition term needs 'names:' and 'false_except_in:'";
  return "";
}

void MappingTraits<YUpdateLock>::mapping(IO &Io, YUpdateLock &U) {
  Io.mapRequired("field", U.Field);
  Io.mapRequired("lock", U.Lock);
  Io.mapOptional("why", U.Why);
}

std::string MappingTraits<YUpdateLock>::validate(IO &, YUpdateLock &U) {
  if (U.Field.find("::") == std::string::npos || U.Field.size() < 5)
    return "an update-side lock's 'field:' is spelled 'struct T::field'";
  if (U.Lock.empty())
    return "an update-side lock needs 'lock:' (its lock class)";
  if (U.Lock.find("::") != std::string::npos)
    return "an update-side lock must be a global lock ('module_mutex'): a lock in an object "
           "keeps only that object's fields, and lock classes do not tell instances apart";
  return "";
}

void MappingTraits<YGfp>::mapping(IO &Io, YGfp &G) {
  Io.mapOptional("reclaim_bit_enum", G.ReclaimBitEnum);
  Io.mapOptional("reclaim_mask", G.ReclaimMask, (uint64_t)0);
}

void MappingTraits<YFile>::mapping(IO &Io, YFile &F) {
  Io.mapRequired("version", F.Version);
  Io.mapOptional("functions", F.Functions);
  Io.mapOptional("predicates", F.Predicates);
  Io.mapOptional("lock_types", F.LockTypes);
  Io.mapOptional("entry_contexts", F.EntryContexts);
  Io.mapOptional("entry_fields", F.EntryFields);
  Io.mapOptional("irq_lock_classes", F.IrqLockClasses);
  Io.mapOptional("condition_terms", F.ConditionTerms);
  Io.mapOptional("update_side_locks", F.UpdateSideLocks);
  Io.mapOptional("gfp", F.Gfp);
}

std::string MappingTraits<YFile>::validate(IO &, YFile &F) {
  if (F.Version != RulesFormatVersion)
    return "unsupported rules version " + std::to_string(F.Version) + " (expected " +
           std::to_string(RulesFormatVersion) + ")";
  return "";
}
} // namespace yaml
} // namespace llvm
