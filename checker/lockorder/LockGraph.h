// The lock-order graph of what was analysed (one TU in the plugin, the
// whole program in the link): lock classes and SRCU domains as nodes, one
// edge per dependency "To acquired while From held" with the first site
// that shows it. Its cycles are lockdep's "possible circular locking
// dependency"; one through a grace-period wait is a grace-period deadlock.
//
// Reports through findings only; DOT is for people (rcuctx --lock-graph).
#pragma once

#include "lockorder/LockOrder.h"
#include "report/Finding.h"

#include <map>
#include <string>
#include <vector>

namespace clang {
class SourceManager;
}

namespace rcuctx {

class LockGraph {
public:
  /// Adds an edge unless one with the same classes and modes is known.
  void add(const OrderEdge &E);
  void addAll(const std::vector<OrderEdge> &Es) {
    for (const OrderEdge &E : Es)
      add(E);
  }

  /// lockdep_set_class*() splits Class (the first site is kept): cycles
  /// through it are not reported, it may be two classes for lockdep.
  void split(const ClassSplit &S) { Splits.insert({S.Class, S}); }

  /// The cycles, each once (by its set of classes), shortest first from
  /// each edge in the order edges were added; at most Max. ThroughSplits:
  /// also those through a split class.
  std::vector<std::vector<const OrderEdge *>> cycles(size_t Max = 1000,
                                                     bool ThroughSplits = false) const;
  /// How many cycles there are only through split classes (not reported).
  size_t cyclesOnlyThroughSplits() const;
  /// One finding per cycle: rcuctx-grace-period if a grace-period wait is
  /// on it, else rcuctx-lock-order; both (all) chains as notes.
  std::vector<Finding> findings() const;
  /// Graphviz DOT: classes as nodes, edges labelled with one site (the
  /// function, file:line), cycles in red.
  std::string dot(const clang::SourceManager *SM) const;

  size_t nodeCount() const;
  /// The heap the graph holds, approximately (bench: it must fit beside
  /// the rest of the link).
  size_t approxBytes() const;
  size_t edgeCount() const { return Edges.size(); }
  const std::vector<OrderEdge> &edges() const { return Edges; }

private:
  std::vector<OrderEdge> Edges;
  std::map<std::string, std::vector<size_t>> Out; // class -> edges leaving it
  std::map<std::string, ClassSplit> Splits;
};

/// How a dependency reads in a message: "'f' acquires 'B' while holding 'A'".
std::string describeEdge(const OrderEdge &E);

} // namespace rcuctx
