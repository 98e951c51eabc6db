// What the lattice knows of a local pointer read with an RCU accessor: the
// section that protects it (counter key and the relative depth it was read
// at) and whether that section instance has ended on every path since the
// read. Staleness is sticky: a new rcu_read_lock() is a new instance.
#pragma once

#include "clang/Basic/SourceLocation.h"

#include <string>

namespace rcuctx {

struct RcuPointer {
  std::string Key;       // counter key of the protecting section
  int ReadDepth = 0;     // relative depth (lowest over paths) at the read
  bool Stale = false;    // the section ended on every path since the read
  clang::SourceLocation ReadLoc, EndLoc;
  std::string Accessor;  // "rcu_dereference()"

  bool sameValue(const RcuPointer &O) const {
    return Key == O.Key && ReadDepth == O.ReadDepth && Stale == O.Stale && ReadLoc == O.ReadLoc;
  }
  /// Join: known only where both paths know the same read; stale only if
  /// stale on both.
  bool joinable(const RcuPointer &O) const {
    return Key == O.Key && ReadLoc == O.ReadLoc;
  }
};

} // namespace rcuctx
