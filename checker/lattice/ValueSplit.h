// A context handed over through a value: what the context is when a value
// (a call's result, or the local it was stored in) falls in each class.
// `vma = expand_stack(mm, addr)` leaves mmap_lock held when vma is non-NULL
// and dropped when it is NULL; `pte = pte_offset_map(...)` leaves RCU held
// only with a PTE; `spin_trylock()` took the lock when it returned non-zero.
// The state after such a call is the join of the classes; a branch that
// tests the value (`if (!vma)`, `IS_ERR(p)`, `ret < 0`) refines it.
#pragma once

#include "lattice/Interval.h"
#include "lattice/LockSet.h"

#include "clang/Basic/SourceLocation.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace rcuctx {

/// The classes of a returned value, as a mask: callers test for NULL/zero,
/// for an error (IS_ERR(), a negative errno), or for neither.
enum ValueClass : uint8_t {
  VC_Zero = 1,  // NULL, 0, false
  VC_Error = 2, // ERR_PTR(...), a negative errno
  VC_Valid = 4, // any other value: an object, a positive count, true
  VC_All = 7,   // the classes every value falls in
  /// One constant a function returns with another context than the rest
  /// of its class (ValueSplit::Const), carved out of that class: autofs's
  /// validate_request() returns -EINTR with the caller's mutex dropped and
  /// its other errors with it held; a seq_file start returns
  /// SEQ_START_TOKEN outside the section its found entries are in.
  VC_Const = 8,
};
/// Class slots of a split: the three classes and the named constant.
constexpr unsigned ValueClassSlots = 4;

/// The class a non-named constant C falls in.
inline uint8_t baseClassOf(int64_t C) { return C == 0 ? VC_Zero : C < 0 ? VC_Error : VC_Valid; }

/// Human name of a class mask, for dumps and tests.
std::string describeClasses(uint8_t Mask);

/// Values of the context keys a split covers.
struct KeyValues {
  std::map<std::string, LockSet> Locks;
  std::map<std::string, Interval> Counters;
  bool operator==(const KeyValues &O) const { return Locks == O.Locks && Counters == O.Counters; }
  bool empty() const { return Locks.empty() && Counters.empty(); }
  void joinWith(const KeyValues &O);
};

struct ValueSplit {
  /// What the keys were set to where the split was made (the classes'
  /// join). A key whose value has changed since is not refined: the split
  /// speaks of the state the value was produced in.
  KeyValues Joined;
  /// Per class (bit index of ValueClass), the keys' values; a class with
  /// no entry in Known is one the value never takes.
  KeyValues Per[ValueClassSlots];
  uint8_t Known = 0;
  /// The value VC_Const stands for, where the split names one; without
  /// one, VC_Const is no class of it.
  std::optional<int64_t> Const;
  /// Where the value was produced (the call): a refinement that releases or
  /// takes a key says so there. Explanation only, not compared.
  clang::SourceLocation Site;

  bool operator==(const ValueSplit &O) const;
  /// The keys' values when the value lies in Mask: the join of those
  /// classes; nothing if none of them is possible.
  bool refine(uint8_t Mask, KeyValues &Out) const;
  /// The classes of this split a mask of the three classes stands for:
  /// the named constant with its class (a test `ret < 0` lets -EINTR
  /// through).
  uint8_t withConst(uint8_t Mask) const {
    return Const && (Mask & baseClassOf(*Const)) ? uint8_t(Mask | VC_Const) : Mask;
  }
  /// Known, the named constant folded into its class.
  uint8_t bases() const {
    return uint8_t((Known & VC_All) | (Const && (Known & VC_Const) ? baseClassOf(*Const) : 0));
  }
  /// Every class possible: nothing known of the value.
  bool knowsNoClass() const { return Known == (Const ? VC_All | VC_Const : VC_All); }
  /// The same split without its named constant, which joins its class.
  ValueSplit withoutConst() const;
};

} // namespace rcuctx
