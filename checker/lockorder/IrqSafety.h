// Lockdep's interrupt-state classes at compile time (rcuctx-irq-safety).
// A lock class is "used in hardirq (softirq) context" when an IRQ handler
// or hrtimer (a timer, tasklet, RCU callback) acquires it, directly or
// through calls, or when the rules say the kernel does (the runqueue lock);
// it is "taken with IRQs (bottom halves) enabled" when a function the
// kernel enters with them enabled acquires it without disabling them on the
// way. Both for one class is lockdep's "inconsistent lock state": the
// interrupt may arrive on the CPU that holds it. A dependency from a class
// used in interrupt context to one taken with interrupts enabled, through
// any chain of the lock-order graph, is its "HARDIRQ-safe -> HARDIRQ-unsafe
// lock order": the unsafe lock's holder can be interrupted by a taker of
// the safe one.
//
// Works on what the lock order already records (Acquisition::IrqsOn/BhOn,
// the graph): one TU in the plugin, the whole program in the link.
#pragma once

#include "lockorder/LockGraph.h"
#include "report/Finding.h"
#include "rules/Rules.h"

#include <string>
#include <vector>

namespace rcuctx {

/// One function the kernel enters in a known context, with everything it
/// acquires (its own and its callees', as composed).
struct EntryAcquires {
  std::string Fn;
  const EntryContext *Ctx = nullptr;
  std::string What;                // "a file_operations method"
  clang::SourceLocation Loc;       // where the kernel is handed the function
  std::vector<std::string> Holds;  // classes held around the call
  const std::vector<Acquisition> *Acquires = nullptr;
};

/// Dependencies "acquired while the entry's held classes are held": the
/// locks the kernel holds around the call (a preempt notifier's sched_out
/// and the runqueue lock) come first in the order.
std::vector<OrderEdge> entryHoldEdges(const EntryAcquires &E);

/// How many lock classes were seen used each way (rcuctx --link-stats).
struct IrqUsageStats {
  unsigned InHardirq = 0, InSoftirq = 0, HardirqOn = 0, SoftirqOn = 0;
};

/// The rcuctx-irq-safety findings of these entries over graph G. SM places
/// an inconsistent state at the deepest lock call in a source file: one in
/// a header's inline helper (a guard's constructor in spinlock.h) is not
/// where the `_irqsave`/`_bh` goes.
std::vector<Finding> irqSafetyFindings(const std::vector<EntryAcquires> &Entries,
                                       const LockGraph &G, const RuleSet &Rules,
                                       const clang::SourceManager &SM,
                                       IrqUsageStats *Stats = nullptr);

} // namespace rcuctx
