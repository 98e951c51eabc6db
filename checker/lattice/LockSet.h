// The state of one lock class relative to function entry, as the set of
// possibilities over the paths reaching a point: still as the caller had it
// (Entry), not held, held for read (shared), held for write (exclusive).
// A join is a union, so `if (shared) read_lock(l); else write_lock(l);`
// yields {Read, Write}: "held, either mode", with no false alarm.
// Owned: the lock was initialised on this path (spin_lock_init(),
// mutex_init()): its object is under construction, not yet shared, and
// what needs the lock is met, as under the kernel's "nobody else can see
// it yet" rule for constructors. Taking or dropping it is as usual.
#pragma once

#include <cstdint>
#include <string>

namespace rcuctx {

enum LockBit : uint8_t {
  LB_Entry = 1,
  LB_Unheld = 2,
  LB_Read = 4,
  LB_Write = 8,
  LB_Owned = 16,
};

struct LockSet {
  uint8_t Bits = LB_Entry;

  static LockSet entry() { return {LB_Entry}; }
  /// Anything at all: what a class is set to where the analysis stops
  /// judging it (two instances it cannot tell apart, a double lock already
  /// reported), so no need and no release of it is decided from here on.
  static LockSet unjudged() { return {uint8_t(LB_Entry | Absolute)}; }
  static LockSet of(uint8_t B) { return {B}; }
  static constexpr uint8_t Held = LB_Read | LB_Write;
  static constexpr uint8_t Absolute = LB_Unheld | LB_Read | LB_Write;

  bool operator==(const LockSet &O) const { return Bits == O.Bits; }
  bool operator!=(const LockSet &O) const { return Bits != O.Bits; }
  LockSet join(const LockSet &O) const { return {uint8_t(Bits | O.Bits)}; }
  bool leq(const LockSet &O) const { return (Bits & ~O.Bits) == 0; }

  bool has(uint8_t B) const { return (Bits & B) != 0; }
  bool only(uint8_t B) const { return Bits != 0 && (Bits & ~B) == 0; }
  bool mayBeEntry() const { return has(LB_Entry); }
  /// Held on every path, independent of the caller.
  bool definitelyHeld() const { return only(Held); }
  /// For judging a need: an owned lock counts as held in every mode.
  LockSet ownedAsHeld() const {
    return has(LB_Owned) ? LockSet{uint8_t((Bits & ~LB_Owned) | Held)} : *this;
  }

  /// Substitutes the caller's state for a callee's "as at entry".
  LockSet substituteEntry(const LockSet &CallerState) const {
    uint8_t Rest = Bits & ~LB_Entry;
    return {uint8_t(has(LB_Entry) ? (Rest | CallerState.Bits) : Rest)};
  }
  std::string str() const;
};

/// Human name of a set of modes, for messages ("held for write").
std::string describeModes(uint8_t Bits);

} // namespace rcuctx
