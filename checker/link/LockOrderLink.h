// The lock-order graph of the whole program: every file's own dependencies,
// plus those that only exist across files -- a caller in one file holding
// A while it calls, through any depth, a function in another that takes B.
// Each function's acquisitions are composed over the linked call graph,
// callees first (recursion iterated, bounded like the rest of the link),
// from the caller states each file recorded at its calls.
#pragma once

#include "link/TuRecord.h"
#include "lockorder/LockGraph.h"

namespace rcuctx {

/// One linked function: its record, and per recorded call the linked
/// function it reaches (-1: none known).
struct LinkedFunction {
  const LinkFunction *F = nullptr;
  const std::vector<int> *Targets = nullptr;
};

struct LockOrderStats {
  unsigned Edges = 0, Classes = 0, AddedByLink = 0;
  unsigned Cycles = 0; // set by the caller from the graph's findings (one per cycle)
  unsigned SplitCycles = 0; // cycles only through classes lockdep_set_class*() splits
  /// Classes used in interrupt context / taken with interrupts enabled,
  /// as entry points show them (rcuctx-irq-safety); set by the caller.
  unsigned InHardirq = 0, InSoftirq = 0, HardirqOn = 0, SoftirqOn = 0;
  /// Heap, approximately: the graph, and every function's acquisitions.
  size_t GraphBytes = 0, AcquiresBytes = 0;
};

/// Acquires: each function's acquisitions over the linked graph, by the
/// index in Fns (for the entry points' IRQ usage, rcuctx-irq-safety).
LockGraph linkLockOrder(const std::vector<TuRecord> &Tus, const std::vector<LinkedFunction> &Fns,
                        const std::vector<std::vector<int>> &SccsBottomUp, unsigned MaxRounds,
                        LockOrderStats &Stats, std::vector<std::vector<Acquisition>> &Acquires);

} // namespace rcuctx
