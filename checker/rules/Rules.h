// The API knowledge rcuctx works from, as loaded from rules/*.yaml: which
// calls and macros enter or leave a context, take or drop a lock, need a
// context (accessors, lockdep assertions), or may sleep. The analysis never
// hard-codes an API name; everything it recognises is here.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rcuctx {

/// The rules version this build understands; a file declaring a higher one
/// is an error that says to upgrade rcuctx.
constexpr int RulesFormatVersion = 1;

/// One rules file as loaded: where, and its SHA-256 (the same digest
/// `sha256sum` prints), so a CI log can say exactly what ran.
struct LoadedRulesFile {
  std::string Path;
  /// The bytes that were parsed.
  std::shared_ptr<const std::string> Text;
  /// Their digest, computed when first asked: only --version and summary
  /// files need it, and hashing every rules file cost each compile with
  /// the plugin as much as a small function's analysis. Not for concurrent
  /// first calls: the tool asks once, before its worker threads start
  /// (ToolInputs), the plugin from its one thread.
  const std::string &sha256() const;

private:
  mutable std::string Sha256;
};

enum class StepOp {
  Enter,       // context += 1        (rcu_read_lock, preempt_disable, srcu_read_lock)
  Exit,        // context -= 1        (rcu_read_unlock, ...); needs it held
  Acquire,     // lock taken          (spin_lock, read_lock, mutex_lock)
  Release,     // lock dropped; needs it held
  Downgrade,   // the lock `arg`, held for write, is held for read from here
               // (downgrade_write()): no release, no new acquisition
  TryAcquire,  // lock taken when the call returns true (spin_trylock)
  Need,        // a context or condition must hold (accessors, assertions)
  Sleep,       // may sleep: no spinning lock, RCU, preemption or IRQs off
  Entry,       // argument `arg` is a function the kernel will call in `context`
  AssumeFalse, // the developer asserts `cond_arg` is false (WARN_ON, KVM_BUG_ON):
               // paths where a mode parameter makes it true are not judged
  Forget,      // the lock class `lock_class` may have been dropped (gup's
               // `locked` out-parameter): its state becomes unknown
  TakeRef,     // takes a reference on what argument `arg` points into: an RCU
               // pointer it names stays valid after its section
  Yield,       // may end the `context` section and start a new one; with
               // `on_true`, only when the call returns true
  Returns,     // its value is only ever of these classes (`classes:`): the
               // allocators return NULL or an object, never an ERR_PTR()
  Derive,      // returns a pointer into what argument `arg` points into (the
               // same object's lifetime: sptep_to_sp, page_address)
  Implies,     // a test true only inside `context` (in_hardirq(): IRQs are
               // off): under an `if` on it, an assertion of that context holds
  Boot,        // runs only while the kernel boots: start_kernel() and what it
               // calls before the scheduler runs (system_state is
               // SYSTEM_BOOTING: might_sleep() is silent, one CPU runs, a
               // sleeping lock is never contended); a sleep there, IRQs off
               // or not, is no bug
  Excludes,    // a test true only where lock class `lock_class` is not held
               // (mt_external_lock(): the maple tree is guarded by its
               // user's lock, its own ma_lock unused)
  AtomicTest,  // a test true in any atomic context (in_atomic()): a sleep
               // only where it tested false is not one in atomic context
  WaitGracePeriod, // waits for a grace period of `context` (srcu with `arg`):
               // synchronize_srcu(); ordered after what is held, like lockdep
  InitLock,    // initialises the lock argument `arg` (spin_lock_init, mutex_init):
               // its object is under construction, what needs it is met
  TaskState,   // sets the current task's state: `state: running`, or to
               // argument `arg` (set_current_state(TASK_INTERRUPTIBLE)):
               // TASK_RUNNING (0) runs, any other value is about to block;
               // with `on_true`, a test (task_is_running(current), the task
               // in `arg`): the state is `state` where it returned true,
               // the other one where false
  ListUpdate,  // adds or removes the RCU list entry whose link is argument
               // `arg` (list_add_rcu(&e->node, head), list_del_rcu(&e->node)):
               // the locks held at every such update of a list in a file are
               // its updaters' lock, under which a traversal needs no RCU
  SetClass,    // lockdep_set_class*(): the lock `arg` (objects initialised
               // here) gets a lockdep class of its own, so its type's
               // class is split in two the analysis cannot tell apart
  Schedule,    // blocks as the task state asks (schedule(), io_schedule()): a
               // sleep for the atomic-context checks, not a blocking op
               // while the state is set; the task is TASK_RUNNING after it
};

enum class LockMode { Exclusive, Shared, Any, NotHeld };

struct RuleStep {
  StepOp Op = StepOp::Need;
  /// Enter/Exit/Need: "rcu", "rcu_bh", "preempt", "irq", "srcu", or for Need
  /// also "rcu_any" (any flavour, as rcu_read_lock_any_held()).
  std::string Context;
  /// Acquire/Release/Need-on-lock: the argument holding the lock; for srcu
  /// the argument naming the domain.
  int Arg = -1;
  LockMode Mode = LockMode::Exclusive;
  /// Acquire/Release: the lock spins (spinlock_t, rwlock_t): raises the
  /// preemption count, forbids sleeping.
  bool Spins = true;
  /// Sleep: only when this gfp_t argument allows direct reclaim.
  int GfpArg = -1;
  /// Need: the argument holding an extra lockdep condition, OR-ed in
  /// (rcu_dereference_check(p, c)).
  int CondArg = -1;
  /// Need: a traversal of an RCU list, whose entries argument ListEntryArg
  /// points to and are linked through the member argument ListMemberArg
  /// names (list_for_each_entry_rcu(pos, head, member)): the lock its
  /// updaters hold (op list-update) meets it too.
  int ListEntryArg = -1, ListMemberArg = -1;
  /// Need: a lockdep assertion (reported as rcuctx-lock-held), not an accessor.
  bool Assertion = false;
  /// Need: the condition argument says when to *warn* (RCU_LOCKDEP_WARN(c),
  /// WARN_ON(c)): what is needed is its negation.
  bool CondNegated = false;
  /// TryAcquire: the lock is taken when the call returns 0 (mutex_lock_killable)
  /// rather than true (spin_trylock).
  bool SuccessZero = false;
  /// Forget: the lock class, by name ("struct mm_struct::mmap_lock").
  std::string LockClass;
  /// Yield: only on the branch where the call returned true. TaskState: a
  /// test of the state, decided on its branches.
  bool OnTrue = false;
  /// Entry: what registering this way makes the function ("a work item").
  std::string What;
  /// Entry: lock classes the kernel holds around the callback (RCU
  /// callbacks run inside lockdep's rcu_callback_map).
  std::vector<std::string> Holds;
  /// TaskState: "running" or "blocked" when no `arg` gives the state.
  std::string State;
  /// Sleep: only a reschedule point (cond_resched(), __might_resched()): it
  /// preempts without blocking, so a task state set before it is kept and
  /// it is no blocking op for rcuctx-blocking-state.
  bool Resched = false;
  /// Sleep: only outside interrupt context (vfree(): `if (in_interrupt())
  /// { vfree_atomic(addr); return; }`): no sleep in softirq or hardirq, nor
  /// with bottom halves disabled (in_interrupt() counts those too).
  bool OutsideInterrupt = false;
  /// Sleep: only to fault a user page in (copy_to_user(), might_fault()):
  /// no sleep where pagefault_disable() is in force, where the access
  /// fails with -EFAULT instead.
  bool FaultOnly = false;
  /// Acquire/TryAcquire: the argument giving lockdep's subclass
  /// (spin_lock_nested(lock, SINGLE_DEPTH_NESTING)): a constant N > 0 makes
  /// the instance the lock-order class "C/N", a second instance of C that
  /// may nest inside the first.
  int SubclassArg = -1;
  /// Acquire/Release, a contract: only on returns whose value lies in these
  /// classes (lattice/ValueSplit.h's ValueClass bits; 0: on every return).
  /// `expand_stack()` drops mmap_lock when it returns NULL.
  uint8_t OnReturn = 0;
  /// Acquire, a contract: a trylock (`rtnl_trylock()`): taken on the
  /// `on_return` classes without ever waiting, so nothing held is ordered
  /// before it (Acquisition::Try).
  bool Try = false;
  /// Acquire/Release, a contract: only when this argument is true
  /// (`do_vmi_munmap(..., unlock)`); a false one leaves the lock as it was.
  int WhenArg = -1;
  /// Returns: the classes (lattice/ValueSplit.h's ValueClass bits) of the
  /// value.
  uint8_t Classes = 0;
  /// A step only a summary made from the rule can state (summaries/
  /// ContractSummary.h): one on some returns or modes, or an acquisition of
  /// a lock named by its class (`io_sq_thread_park()` returns holding its
  /// argument's sqd->lock), which no call's argument spells.
  bool contract() const {
    return OnReturn != 0 || WhenArg >= 0 || (Op == StepOp::Acquire && !LockClass.empty());
  }
};

/// A context the kernel guarantees where it enters our code.
struct EntryContext {
  std::string Name;
  std::string Description; // "entered in process context with no locks held"
  /// Counting contexts at depth 1 on entry (softirq: rcu_bh, preempt).
  std::vector<std::string> Raised;
  /// Whether any lock may be held on entry (false: none is).
  bool LocksMayBeHeld = false;
  /// The interrupt state the kernel enters in, for rcuctx-irq-safety:
  /// locks taken there are used in hardirq / softirq context, or taken with
  /// IRQs and bottom halves enabled unless the code disables them.
  enum class Irq { Unknown, Enabled, Softirq, Hardirq } IrqState = Irq::Unknown;
};

/// A lock class the analysed code never takes in interrupt context but the
/// kernel does (the runqueue lock, from the scheduler tick): lockdep's
/// "HARDIRQ-safe" without a site to show it.
struct IrqLockClass {
  std::string Class;
  EntryContext::Irq UsedIn = EntryContext::Irq::Hardirq;
  std::string Why; // "scheduler_tick() takes it from the timer interrupt"
};

/// Members of an ops structure whose functions the kernel calls in a context.
struct EntryField {
  std::string Struct; // "struct file_operations"
  std::vector<std::string> Fields;
  std::string Context;
  std::string What;   // "a file_operations method"
  std::vector<std::string> Holds; // lock classes held (for write) around the call
  /// Where the object holding the field is set up by one of InitNames with
  /// a mode argument (InitModeArg) that has a bit of InitModeBits, and only
  /// so in this file, the kernel enters in InitContext instead:
  /// hrtimer_init(&t, clock, HRTIMER_MODE_REL_SOFT) makes t.function run in
  /// softirq context, not hardirq.
  std::vector<std::string> InitNames;
  int InitModeArg = -1;
  uint64_t InitModeBits = 0;
  std::string InitContext, InitWhat;
};

enum class MatchKind { Any, Function, Macro };

struct FunctionRule {
  std::string Name;
  MatchKind Match = MatchKind::Any;
  std::vector<RuleStep> Steps;
  /// Where the rule came from, for messages about the rules themselves.
  std::string Origin;

  /// A rule made only of facts a body cannot show (it may yield, it takes a
  /// reference, it registers an entry point, its result lives as long as
  /// an argument's object, its value's classes) adds to the function's body
  /// instead of replacing it.
  bool augmentsBody() const {
    for (const RuleStep &S : Steps)
      if (S.Op != StepOp::Yield && S.Op != StepOp::TakeRef && S.Op != StepOp::Entry &&
          S.Op != StepOp::Derive && S.Op != StepOp::InitLock && S.Op != StepOp::SetClass &&
          S.Op != StepOp::Returns && S.Op != StepOp::Boot && S.Op != StepOp::ListUpdate)
        return false;
    return true;
  }

  /// A contract (a step with `on_return:` or `when_arg:`): what the
  /// function does depends on its value and arguments, so callers compose
  /// it as a summary (summaries/ContractSummary.h) and split on the value,
  /// as they do for a body they see. Its steps are never applied as such.
  /// The classes its value stays within (a `returns` step), or 0.
  uint8_t returnClasses() const {
    for (const RuleStep &S : Steps)
      if (S.Op == StepOp::Returns)
        return S.Classes;
    return 0;
  }

  bool isContract() const {
    for (const RuleStep &S : Steps)
      if (S.contract())
        return true;
    return false;
  }
};

/// A lockdep predicate usable inside a _check/_protected condition.
struct PredicateRule {
  std::string Name;
  std::string Context; // a counting context, or empty for a lock predicate
  int Arg = -1;        // lock or srcu domain argument
  std::string LockClass; // or the lock by its class (a global one)
  LockMode Mode = LockMode::Any;
  /// Lock predicates whose mode is an argument (lockdep_is_held_type(l, r)):
  /// index of that argument; 0 means write, 1 read, as in lockdep.
  int ModeArg = -1;
};

struct RuleSet {
  std::map<std::string, FunctionRule> Functions;
  std::map<std::string, PredicateRule> Predicates;
  /// Lock types by their declared name ("spinlock_t", "struct mutex"):
  /// whether they spin. Decides the sleep rules for a lock from its type,
  /// whatever function took it; a step's own `spins:` is the fallback.
  std::map<std::string, bool> LockTypeSpins;
  std::map<std::string, EntryContext> EntryContexts;
  /// Condition terms (calls) false except inside the named functions; when
  /// ArgClass is set, only calls whose first argument names that class
  /// (refcount_read(&kvm->users_count), not every refcount).
  struct ExemptTerm {
    std::vector<std::string> Functions;
    std::string ArgClass;
  };
  std::map<std::string, ExemptTerm> FalseExcept;
  std::vector<EntryField> EntryFields;
  std::map<std::string, IrqLockClass> IrqLockClasses;
  /// Fields ("struct module::kallsyms") written only with a lock held, and
  /// that lock's class ("module_mutex"): a pointer read from one while the
  /// lock is held stays valid until the lock is released, whatever RCU
  /// section it was read in (kernel/module: "rcu_dereference_sched() to
  /// remain compliant with the sparse tool", under module_mutex).
  std::map<std::string, std::string> UpdateSideLocks;
  /// Name of the enum constant giving __GFP_DIRECT_RECLAIM's bit (6.10+), and
  /// the mask to use when the translation unit does not define it.
  std::string GfpReclaimBitEnum = "___GFP_DIRECT_RECLAIM_BIT";
  uint64_t GfpReclaimMask = 0x400;

  const FunctionRule *lookup(const std::string &Name, bool IsMacro) const {
    auto It = Functions.find(Name);
    if (It == Functions.end())
      return nullptr;
    MatchKind M = It->second.Match;
    if (M == MatchKind::Any || (M == MatchKind::Macro) == IsMacro)
      return &It->second;
    return nullptr;
  }
  const PredicateRule *predicate(const std::string &Name) const {
    auto It = Predicates.find(Name);
    return It == Predicates.end() ? nullptr : &It->second;
  }
  /// The argument whose object a function's result points into (op
  /// derive), or -1.
  int derivesFrom(const std::string &Name) const {
    if (const FunctionRule *R = lookup(Name, false))
      for (const RuleStep &S : R->Steps)
        if (S.Op == StepOp::Derive)
          return S.Arg;
    return -1;
  }
  /// Whether the preprocessor must record invocations of this macro: the
  /// rules name it, or it is one of the kernel's context annotations
  /// (__must_hold, __acquires, __releases: facts/DeclaredContexts.h).
  bool recordsMacro(const std::string &Name) const {
    return lookup(Name, true) != nullptr || predicate(Name) != nullptr ||
           isContextAnnotationMacro(Name);
  }
  /// Every name recordsMacro() accepts (facts/MacroIndex.h's recorder).
  std::vector<std::string> recordedMacroNames() const;
  /// The kernel's declaration annotations, in sparse's and the context
  /// analysis's spelling (facts/DeclaredContexts.cpp gives their meaning).
  static bool isContextAnnotationMacro(const std::string &N) {
    return N == "__must_hold" || N == "__must_hold_shared" || N == "__acquires" ||
           N == "__acquires_shared" || N == "__releases" || N == "__releases_shared";
  }
  /// The files this set was loaded from, in load order (loadRulesFile).
  std::vector<LoadedRulesFile> Files;

  /// Later files override earlier ones name by name (a user's rules refine the bundled ones).
  void merge(RuleSet &&Other);
};

/// One error found in a rules file, with its position.
struct RulesError {
  std::string File;
  unsigned Line = 0, Column = 0;
  std::string Message;
};

/// Parses one rules file's text. On error returns false and fills Err; never throws or aborts.
bool parseRules(const std::string &FileName, const std::string &Text, RuleSet &Out,
                RulesError &Err);
/// Reads and parses a file.
bool loadRulesFile(const std::string &Path, RuleSet &Out, RulesError &Err);

/// How to find the bundled rules folder, highest precedence first:
///   1. Explicit  (rules-dir=DIR / --rules-dir DIR / RcuctxRulesDir): the user said so;
///   2. $RCUCTX_RULES_DIR;
///   3. relative to the binary that holds this code (Self), as laid out by
///      the build and by `cmake --install`:
///        <prefix>/bin/rcuctx             -> <prefix>/share/rcuctx/rules
///        <prefix>/lib/rcuctx/rcuctx.so   -> <prefix>/share/rcuctx/rules
///        build/checker/rcuctx{,.so}      -> build/share/rcuctx/rules (the build's link to rules/)
/// The first one that is given is used; a given folder that is missing is an
/// error naming it, never a silent fall-back to the next.
struct RulesLookup {
  std::string Explicit;
  /// The executable or shared object whose location anchors (3); empty:
  /// the object this code is linked into (dladdr).
  std::string Self;
  /// How the user spelled it, for messages ("--rules-dir", "rules-dir=").
  std::string ExplicitName = "rules-dir=";
};

/// The bundled rules folder chosen by L, and in How why it was chosen
/// ("--rules-dir", "$RCUCTX_RULES_DIR", "next to /usr/bin/rcuctx"). Empty
/// if none was found; Tried then lists where it looked.
std::string bundledRulesDir(const RulesLookup &L, std::string *How = nullptr,
                            std::vector<std::string> *Tried = nullptr);
/// Loads every *.yaml in the bundled rules folder, in name order. A folder
/// that is missing, unreadable or empty is one error naming where it looked.
bool loadBundledRules(RuleSet &Out, RulesError &Err, const RulesLookup &L = {});

/// The absolute path of the executable or shared object holding this code.
std::string thisObjectPath();

/// "rcuctx 0.1.0 (LLVM 19.1.7)\nrules: DIR (how)\n  <sha256>  <file>..."
/// for --version / -fplugin-arg-rcuctx-version.
std::string versionText(const RuleSet &Rules, const std::string &RulesDir,
                        const std::string &How);

} // namespace rcuctx
