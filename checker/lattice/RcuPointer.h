// What the lattice knows of a local pointer read with an RCU accessor: the
// section that protects it (counter key and the relative depth it was read
// at) and whether that section instance has ended on every path since the
// read. Staleness is sticky: a new rcu_read_lock() is a new instance.
#pragma once

#include "clang/Basic/SourceLocation.h"

#include <string>

namespace clang {
class ValueDecl;
}

namespace rcuctx {

/// Where a pointer lives: a local (or parameter) and the fields and array
/// elements under it: `p`, `iter.sptep`, `w->slot`, `path[]` (all elements of
/// an array are one place).
struct PtrPath {
  const clang::ValueDecl *Base = nullptr;
  std::string Fields;
  bool operator<(const PtrPath &O) const {
    return Base != O.Base ? Base < O.Base : Fields < O.Fields;
  }
  bool operator==(const PtrPath &O) const { return Base == O.Base && Fields == O.Fields; }
  /// Whether this place is P or lies under it (a store to `iter` forgets `iter.sptep`).
  bool within(const PtrPath &P) const {
    return Base == P.Base && Fields.compare(0, P.Fields.size(), P.Fields) == 0;
  }
};

struct RcuPointer {
  std::string Key;       // counter key of the protecting section
  int ReadDepth = 0;     // relative depth (lowest over paths) at the read
  bool Stale = false;    // the section ended on every path since the read
  clang::SourceLocation ReadLoc, EndLoc;
  std::string Accessor;  // "rcu_dereference()"
  /// Read from a field that only changes under a lock (rules'
  /// update_side_locks) while that lock was held: the lock's class ("" for
  /// none). Valid while the section lasts or the lock is held, stale once
  /// both are gone; LockGone: released on every path since the read.
  std::string Lock;
  /// Lock was the caller's at the read (not taken or dropped here since
  /// entry): a use after the section needs it held at entry, which the
  /// function's callers are asked (an obligation, not a finding here).
  bool LockAtEntry = false;
  bool LockGone = false;
  /// Lock: the section ended (on every path) while the lock was held.
  bool SectionEnded = false;
  /// Lock is one in the object the pointer points to, taken after the read
  /// while the section lasted (`spin_lock(&p->lock); rcu_read_unlock();`),
  /// here: it keeps the object as the update-side lock keeps the field.
  clang::SourceLocation PinLoc;

  bool pinnedByObjectLock() const { return PinLoc.isValid(); }

  bool byLock() const { return !Lock.empty(); }
  /// Stale, and the lock's release was the last protection to go (which
  /// the message names).
  bool endedByLock() const { return Stale && SectionEnded; }

  bool sameValue(const RcuPointer &O) const {
    return Key == O.Key && ReadDepth == O.ReadDepth && Stale == O.Stale && ReadLoc == O.ReadLoc &&
           Lock == O.Lock && LockAtEntry == O.LockAtEntry && LockGone == O.LockGone &&
           SectionEnded == O.SectionEnded && PinLoc == O.PinLoc;
  }
  /// Join: known only where both paths know the same read; stale only if
  /// stale on both.
  bool joinable(const RcuPointer &O) const {
    return Key == O.Key && ReadLoc == O.ReadLoc && Lock == O.Lock && PinLoc == O.PinLoc;
  }
};

} // namespace rcuctx
