// A relational fact kept beside the entry-relative depths (issue #19): on
// every path to this point the function slept (or called something that may
// sleep at its entry depth), and since then each sleep-forbidding counter
// (RCU, RCU-bh, preemption, IRQs) changed by Delta.
//
// Entry-relative intervals lose the correlation between two points of one
// path: after a loop head that joins "section held" with "section dropped",
// a sleep and a later rcu_dereference() both sit at depth [-1,0], and no
// entry context contradicts both. But on each path the need's depth is the
// sleep's depth plus Delta: with Delta <= 0, whatever the depth was, either
// the sleep ran inside the section or the need runs outside it.
#pragma once

#include "lattice/Interval.h"

#include <map>
#include <string>

namespace rcuctx {

struct SleepMark {
  /// The sleep's site (explanation only: which sleep a note shows when
  /// paths disagree; not part of the order).
  unsigned Block = 0, Index = 0;
  /// Depth now minus depth at the sleep, per sleep-forbidding counter;
  /// absent means unchanged ([0,0]).
  std::map<std::string, Interval> Delta;

  Interval delta(const std::string &K) const {
    auto It = Delta.find(K);
    return It == Delta.end() ? Interval() : It->second;
  }
  bool operator==(const SleepMark &O) const {
    return Block == O.Block && Index == O.Index && Delta == O.Delta;
  }
};

} // namespace rcuctx
