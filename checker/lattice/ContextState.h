// One abstract state: the depth of every counting context and the state of
// every lock class, relative to function entry. Keys absent from the maps are
// at their entry value (depth [0,0], lock set {Entry}), so a state only
// carries what the function changed.
//
// Beside the lattice value the state carries explanation sites (where a
// section last ended, where a lock was last taken). They are not part of the
// order: they only let a diagnostic say "ended here".
#pragma once

#include "lattice/ContextKey.h"
#include "lattice/CowMap.h"
#include "lattice/Interval.h"
#include "lattice/LockNesting.h"
#include "lattice/LockSet.h"
#include "lattice/RcuPointer.h"
#include "lattice/SleepMark.h"
#include "lattice/ValueSplit.h"

#include "clang/Basic/SourceLocation.h"

#include <map>
#include <optional>
#include <string>

namespace clang {
class ValueDecl;
}

namespace rcuctx {

struct ContextState {
  CowMap<std::string, Interval> Counters;
  CowMap<std::string, LockSet> Locks;
  /// Lock classes that spin (spinlock_t, rwlock_t): decides sleep rules and words.
  CowMap<std::string, bool> LockSpins;
  /// Local pointers read with an RCU accessor (stale-pointer tracking).
  CowMap<PtrPath, RcuPointer> Ptrs;
  /// The most recent sleep on every path, and how the sleep-forbidding
  /// counters moved since (lattice/SleepMark.h); none where some path did
  /// not sleep or the move is not exact. setCounter() keeps it up to date.
  std::optional<SleepMark> Slept;
  /// Contexts handed over through a value (lattice/ValueSplit.h), by what
  /// holds the value: the CallExpr that produced it, or the local VarDecl it
  /// was stored in. Known only where every path made the same split.
  CowMap<const void *, ValueSplit> Splits;
  /// Lock-order classes of held instances under lockdep's nesting
  /// annotations (lattice/LockNesting.h); order facts only.
  LockNesting Nesting;
  /// Flags this path found (transfer/FlagTransfer.h): a named bit of an
  /// object's field, "field&NAME" (`if (q->tag_set->flags &
  /// BLK_MQ_F_BLOCKING)` gives "flags&BLK_MQ_F_BLOCKING", true where set); a
  /// boolean field, "T::f"; a pointer parameter's NULL test, "$N" (true
  /// where NULL); a place's last stored value, "store:f=V". A named bit is
  /// taken to be one value along a call chain: a callee's requirement on a
  /// path where it found the bit set does not hold where its caller found
  /// it clear (summaries/CallSite.cpp).
  CowMap<std::string, bool> Flags;

  // Explanation only (not compared, not joined strictly).
  CowMap<std::string, clang::SourceLocation> LastRelease;
  CowMap<std::string, clang::SourceLocation> LastAcquire;

  Interval counter(const std::string &K) const {
    auto It = Counters.find(K);
    return It == Counters.end() ? Interval() : It->second;
  }
  LockSet lock(const std::string &K) const {
    auto It = Locks.find(K);
    return It == Locks.end() ? LockSet::entry() : It->second;
  }
  /// Sets a depth; an exact shift of a sleep-forbidding counter moves the
  /// sleep mark with it, any other change of one drops the mark.
  void setCounter(const std::string &K, Interval V);
  void setLock(const std::string &K, LockSet V) { Locks[K] = V; }
  /// Lock class K is no longer judged from here: several of its instances
  /// are in play and which ones hold it is not known.
  void stopJudging(const std::string &K) {
    setLock(K, LockSet::unjudged());
    Nesting.forgetKey(K);
    Nesting.HeldBy[K] = LockNesting::Several;
  }

  /// Lattice join (least upper bound).
  ContextState join(const ContextState &O) const;
  /// Lattice order.
  bool leq(const ContextState &O) const;
  bool sameValue(const ContextState &O) const { return leq(O) && O.leq(*this); }
  /// Widening applied at loop heads after a few rounds.
  ContextState widen(const ContextState &Next) const;

  /// The callee's state `Rel` (relative to the callee's entry), seen from a
  /// caller whose state at the call is *this: depths add, "Entry" lock
  /// states become the caller's.
  ContextState compose(const ContextState &Rel) const;

  /// Whether the flag facts of *this and O disagree on some bit: no path
  /// has both.
  bool flagsContradict(const ContextState &O) const;

  /// Refines the keys of Holder's split to the value classes in Mask (a
  /// branch tested the value); keys changed since the split are left alone.
  void refineBy(const void *Holder, uint8_t Mask);

  std::string str() const;
};

} // namespace rcuctx
