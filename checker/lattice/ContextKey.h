// Names of the contexts the lattice tracks. Counting contexts (RCU flavours,
// SRCU domains, preemption and IRQ-disable depth) are keyed by a short
// string; lock classes are keyed like lockdep does, by class, not instance:
// "struct kvm::mmu_lock" for a field, the variable's name for a global, and
// "$N" for a lock passed in as the function's parameter N (resolved at each
// call site from the argument).
#pragma once

#include <string>

namespace rcuctx {

namespace ctx {
inline const char *Rcu = "rcu";
inline const char *RcuBh = "rcu_bh";
/// Preemption disabled: the RCU-sched reader; every spinning lock raises it.
inline const char *Preempt = "preempt";
inline const char *Irq = "irq";
/// Page faults disabled (pagefault_disable()): user accesses fail with
/// -EFAULT instead of faulting the page in, so they do not sleep. Not a
/// sleep-forbidding context itself.
inline const char *Pagefault = "pagefault";
/// The current task's state (set_current_state()), kept beside the lock
/// classes as a pseudo lock because, like a lock's, it is set and reset
/// absolutely rather than counted: "held for write" is a state the task
/// is about to block in (TASK_INTERRUPTIBLE, ...), "not held" is
/// TASK_RUNNING, "as at entry" is the caller's. Never a lock: the lock
/// order, imbalance and atomic-context checks skip it.
inline const char *TaskState = "current->__state";
inline bool isTaskState(const std::string &K) { return K == TaskState; }
inline std::string srcu(const std::string &Domain) { return "srcu:" + Domain; }
inline bool isSrcu(const std::string &K) { return K.rfind("srcu:", 0) == 0; }
inline bool isParamRef(const std::string &K) { return !K.empty() && K[0] == '$'; }
/// The flag a path carries where a test said lock class K is not held
/// there (a rule's `excludes`: mt_external_lock()); a caller holding K
/// has no such path (ContextState::flagsContradict()).
/// ('~' is in no C name: no boolean field's key "T::f" starts so.)
inline const char *UnheldPrefix = "~unheld:";
inline std::string unheldFlag(const std::string &K) { return UnheldPrefix + K; }
inline bool isUnheldFlag(const std::string &F) { return F.rfind(UnheldPrefix, 0) == 0; }
inline std::string unheldFlagKey(const std::string &F) { return F.substr(std::string(UnheldPrefix).size()); }
/// The number that starts at K[From] (the digits there), or -1 if there
/// is none or it is out of range. Keys come from
/// summary files too: parsing must not throw (the plugin is built without
/// exceptions, and a throw would take the compiler down).
inline int indexAt(const std::string &K, size_t From) {
  int N = 0;
  size_t I = From;
  for (; I < K.size() && K[I] >= '0' && K[I] <= '9'; ++I) {
    if (N > 100000)
      return -1;
    N = N * 10 + (K[I] - '0');
  }
  return I == From ? -1 : N;
}
/// The parameter a key names ("$2", or an SRCU domain passed in, "srcu:$2"), or -1.
inline int paramOf(const std::string &K) {
  if (isParamRef(K))
    return indexAt(K, 1);
  if (K.rfind("srcu:$", 0) == 0)
    return indexAt(K, 6);
  return -1;
}
/// A key that looks like a parameter's ('$...') but names none: only a
/// corrupt summary has one.
inline bool isBadParamRef(const std::string &K) {
  return (isParamRef(K) || K.rfind("srcu:$", 0) == 0) && paramOf(K) < 0;
}
} // namespace ctx

/// The counter key of a counting context the rules name (`context: rcu`,
/// rcu_bh, preempt, irq; srcu needs its domain: ctx::srcu()).
inline const char *counterKeyOf(const std::string &Context) {
  return Context == "rcu"         ? ctx::Rcu
         : Context == "rcu_bh"    ? ctx::RcuBh
         : Context == "preempt"   ? ctx::Preempt
         : Context == "pagefault" ? ctx::Pagefault
                                  : ctx::Irq;
}

/// Counting contexts in which sleeping is a bug.
inline bool forbidsSleep(const std::string &CounterKey) {
  return CounterKey == ctx::Rcu || CounterKey == ctx::RcuBh ||
         CounterKey == ctx::Preempt || CounterKey == ctx::Irq;
}

/// Words for a counting context, as used in diagnostics ("an RCU read-side
/// critical section").
std::string describeSection(const std::string &CounterKey);
/// The same words without the article, capitalised, to start a note
/// ("RCU read-side critical section ended here").
std::string sectionNoun(const std::string &CounterKey);

} // namespace rcuctx
