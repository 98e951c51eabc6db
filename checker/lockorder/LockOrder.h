// The facts of lock order, as lockdep records them: which lock classes a
// function acquires (itself or in its callees; Summary::Acquires), and the
// dependencies "B acquired while A is held" it creates (OrderEdge). SRCU
// domains take part as lockdep models them: srcu_read_lock() is a recursive
// read acquisition of the domain, synchronize_srcu() a write acquisition
// that waits for every reader (AcqMode::Sync).
//
// Only data here: recording is transfer/OrderTransfer.h, the graph and its
// cycles lockorder/LockGraph.h.
#pragma once

#include "transfer/Obligation.h"

#include <string>
#include <vector>

namespace rcuctx {

enum class AcqMode : uint8_t {
  Write,         // spin_lock, mutex_lock, down_write, write_lock
  Read,          // down_read: a reader that waits behind a queued writer
  RecursiveRead, // read_lock on rwlock_t, srcu_read_lock: readers never wait for readers
  Sync,          // synchronize_srcu: waits until every reader of the domain is done
};
const char *acqModeName(AcqMode M);
/// "'kvm->lock'" for a lock class, "SRCU domain 'kvm->srcu'" for a domain.
std::string describeClass(const std::string &Class);
bool parseAcqMode(const std::string &S, AcqMode &M);

/// A class a function acquires, seen from the function's entry.
struct Acquisition {
  std::string Class;
  AcqMode Mode = AcqMode::Write;
  clang::SourceLocation Loc; // the site in the function (a call, or the lock call)
  std::string SiteNote;      // "'f' acquires 'C' here", "'f' calls 'g' here"
  std::vector<Note> Chain;   // below the site, down to the lock call
  /// Classes the function had dropped (or retaken) before this acquisition
  /// on every path to it: a caller's hold of those does not order them
  /// before Class.
  std::vector<std::string> Dropped;
  /// IRQs (IrqsOn) or IRQs and bottom halves (BhOn) are as the function
  /// was entered with, on every path to the acquisition: if it was entered
  /// with them enabled, the class is taken with them enabled (lockdep's
  /// HARDIRQ-ON / SOFTIRQ-ON usage). Kept apart in the list, so a class
  /// taken both ways keeps both.
  bool IrqsOn = false, BhOn = false;
  /// A spinning lock: a sleeping one in interrupt context is already a
  /// sleep in atomic context, so only these have an IRQ usage.
  bool Spins = false;
  /// Reached only through a test of runtime state on the way (an `if` in
  /// the function or a callee: BodyIndex::inGuard): the class may be taken
  /// there, not that it is. A merge keeps it only where both were.
  bool Conditional = false;
  /// A trylock (of a spinning lock, or a rules contract's `try:`,
  /// rtnl_trylock()): it never waits, so nothing held orders
  /// before it (no dependency into it, lockdep's rule) and it is no use in
  /// interrupt context (lockdep's mark_usage() skips trylocks); taken with
  /// IRQs enabled it is still taken with them enabled (IrqsOn/BhOn): the
  /// interrupt that spins on it while it is held deadlocks all the same.
  bool Try = false;
  /// The lock is a field of what a parameter points to ("$0.mmap_lock"):
  /// a caller passing a global object acquires that object's own class
  /// (lattice/LockNesting.h). Empty otherwise.
  std::string Object;
  /// The same entry of a list (merged by mergeAcquisition).
  /// The function's mode values on the paths that take it (empty: taken
  /// whatever its modes): `if (!rtnl_held) rtnl_lock();` takes RTNL only
  /// where rtnl_held is false, so a caller passing true orders nothing
  /// before it. A merge keeps the values both paths agree on.
  Valuation When;

  bool operator==(const Acquisition &O) const {
    return Class == O.Class && Mode == O.Mode && IrqsOn == O.IrqsOn && BhOn == O.BhOn &&
           Try == O.Try && Object == O.Object;
  }
  /// The same facts, for a fixpoint over summaries: also what a merge changes.
  bool sameFacts(const Acquisition &O) const {
    return *this == O && Dropped == O.Dropped && Conditional == O.Conditional && When == O.When;
  }
};

/// The heap an acquisition holds, approximately (its strings and chain).
size_t approxBytes(const Acquisition &A);
size_t approxBytes(const std::vector<Note> &Notes);

/// Whether IRQs, and IRQs and bottom halves, are as at entry in St.
bool irqsAsAtEntry(const ContextState &St);
bool bhAsAtEntry(const ContextState &St);

/// "To acquired while From is held", with one site that shows it.
struct OrderEdge {
  std::string From, To;
  bool FromShared = false;           // From held for read (or an SRCU reader)
  AcqMode ToMode = AcqMode::Write;
  std::string Function;              // where both meet
  clang::SourceLocation Loc;         // the acquisition of To (or the call reaching it)
  std::vector<Note> Notes;           // where From was taken, then the chain to To
  /// The same dependency (classes and modes), whatever site shows it.
  bool sameDependency(const OrderEdge &O) const {
    return From == O.From && To == O.To && FromShared == O.FromShared && ToMode == O.ToMode;
  }
};

/// lockdep_set_class*() on a lock of class Class: the objects initialised
/// there are a lockdep class of their own, which the analysis (naming
/// classes by type and field) cannot tell from the rest. A cycle through
/// Class may be two classes for lockdep: not reported.
struct ClassSplit {
  std::string Class;
  clang::SourceLocation Loc;
  std::string Note; // "'f' gives these 'C' locks a class of their own here"
};

/// Whether an edge arriving at a node (acquired in mode In) may be followed
/// by one leaving it (held shared: OutShared): lockdep's rule that a path
/// -(*R)-> X -(S*)-> is no dependency (readers of X never wait for readers).
inline bool strongStep(AcqMode In, bool OutShared) {
  return !(In == AcqMode::RecursiveRead && OutShared);
}

} // namespace rcuctx
