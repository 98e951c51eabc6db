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
/// The parameter a key names ("$2", or an SRCU domain passed in, "srcu:$2"), or -1.
inline int paramOf(const std::string &K) {
  if (isParamRef(K))
    return std::stoi(K.substr(1));
  if (K.rfind("srcu:$", 0) == 0)
    return std::stoi(K.substr(6));
  return -1;
}
} // namespace ctx

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
