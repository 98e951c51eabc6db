// Acquisitions under runtime tests that still happen on every path: a class
// taken on each branch of a test (`if (c) read_lock(&l); else
// write_lock(&l);`, the mode chosen at run time) is taken whatever the test
// says. Acquisition::Conditional is per site (BodyIndex::inGuard); this
// clears it for a class whose conditional sites cut every path from the
// function's entry to its exit, so an interrupt handler written that way
// uses the class in interrupt context (rcuctx-irq-safety).
#pragma once

#include "lockorder/LockOrder.h"

#include "clang/Analysis/CFG.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace rcuctx {

/// Blocks: per class, the CFG blocks holding its conditional acquisitions
/// (trylocks excluded). Clears Conditional on every acquisition of a class
/// that no path from entry to exit avoids.
void markTakenOnEveryPath(const clang::CFG &Cfg,
                          const std::map<std::string, std::set<unsigned>> &Blocks,
                          std::vector<Acquisition> &Acquires);

} // namespace rcuctx
