// The lock-order classes of held lock instances where lockdep's nesting
// annotations make them other than their key's class: a lock taken with
// spin_lock_nested(l, N) / mutex_lock_nested(l, N) / down_write_nested(l, N)
// is the class "C/N" for lockdep, and a second instance of C may nest
// inside a first one that way (filemap_invalidate_lock_two(),
// sev_lock_two_vms()) without making C unknown.
//
// Order facts only: balance, lock needs and summaries keep judging the key
// C. Empty almost everywhere, so it costs nothing where no one nests.
#pragma once

#include "lattice/CowMap.h"

#include <map>
#include <string>
#include <vector>

namespace rcuctx {

/// A second instance of a held class, nested inside the first under a
/// subclass annotation.
struct NestedHold {
  std::string Base;  // the class key both instances share
  std::string Class; // its lock-order class ("struct kvm::lock/1"), "" when unnamed
  bool Shared = false;
  /// The key's lock bits before this instance was taken, where the first
  /// was held on some paths only (0: held on all): restored at this one's
  /// release. __dentry_kill() takes the parent's d_lock unless the dentry
  /// is a root, then its own with spin_lock_nested() and drops it again.
  uint8_t Before = 0;
  bool operator==(const NestedHold &O) const {
    return Base == O.Base && Class == O.Class && Shared == O.Shared && Before == O.Before;
  }
};

struct LockNesting {
  /// The lock-order class of the instance held under key K, where it is
  /// not K itself: "K/N", or "" when the subclass is not a constant or
  /// differs between the paths that meet.
  CowMap<std::string, std::string> ClassOf;
  /// Nested second instances, by the lock expression as written.
  CowMap<std::string, NestedHold> Nested;
  /// The object the instance held under K belongs to, when it is one a
  /// caller may name better: a field of what parameter N points to
  /// ("$0.mmap_lock", mmap_read_lock(mm)). At a call passing a global
  /// object (`&init_mm`), the caller holds that object's own class
  /// ("init_mm.mmap_lock"): lockdep keys a statically initialised lock by
  /// its address. Not a class in the function itself.
  CowMap<std::string, std::string> ObjectOf;
  /// Which instances hold K here, where this function took them: a set
  /// (holderSetAdd()) of lock expressions' lockInstance() keys, or of the
  /// ones wrappers took through their arguments
  /// (CallTransfer::keepInstancesApart), so `a->l` then `b->l` are two
  /// holds, each released by its own unlock; Several where which ones are
  /// held is not followed (paths with other holders met; a release of one
  /// not held). Absent: not known. Function-local: not in summaries.
  CowMap<std::string, std::string> HeldBy;
  static const std::string Several;
  /// The set of instances known to hold K here, Several, or "".
  const std::string &holderOf(const std::string &K) const {
    static const std::string None;
    auto It = HeldBy.find(K);
    return It == HeldBy.end() ? None : It->second;
  }

  bool empty() const {
    return ClassOf.empty() && Nested.empty() && ObjectOf.empty() && HeldBy.empty();
  }
  bool operator==(const LockNesting &O) const {
    return ClassOf == O.ClassOf && Nested == O.Nested && ObjectOf == O.ObjectOf &&
           HeldBy == O.HeldBy;
  }
  /// The class the instance held under K orders as ("" unnamed).
  std::string classOf(const std::string &K) const {
    auto It = ClassOf.find(K);
    return It == ClassOf.end() ? K : It->second;
  }
  /// Paths meet: a class both agree on stays, one they differ on is
  /// unnamed; a nested instance stays where both hold it; holders both
  /// agree on stay, sides with other holders make Several, and one that
  /// knows none (absent) makes them unknown. Sides that hold the same
  /// instances, nested the other way round (`if (a < b) { lock(a);
  /// lock_nested(b); } else { lock(b); lock_nested(a); }`), meet as both
  /// holding them, each released by its own unlock; the nesting, which
  /// differs, is gone.
  LockNesting join(const LockNesting &O) const;
  /// Lattice order: an unnamed class and fewer nested instances are higher;
  /// a known holder, then unknown, then Several; instances nested in one
  /// another below the same instances held side by side (join()).
  bool leq(const LockNesting &O) const;
  /// Every instance known to hold K: its holders and the instances nested
  /// in them; "" when which ones hold it is not known (absent, Several).
  std::string instancesOf(const std::string &K) const;
  /// Both hold the same two or more instances of K (instancesOf()).
  bool sameInstancesNestedApart(const std::string &K, const LockNesting &O) const;
  /// K changed beyond what this function can follow (a callee took or
  /// dropped it): its instances are the callee's now.
  void forgetKey(const std::string &K);
};

/// Sets of holders (LockNesting::HeldBy): sorted instance keys. Instance
/// may be a set as well: has all of it, adds or removes each of it.
bool holderSetHas(const std::string &Set, const std::string &Instance);
std::string holderSetAdd(const std::string &Set, const std::string &Instance);
std::string holderSetRemove(const std::string &Set, const std::string &Instance);
/// The instances of a set, in order.
std::vector<std::string> holderSetList(const std::string &Set);

/// An object-relative class ("$0.mmap_lock") seen from a call whose
/// argument N points to ArgClass (a caller's parameter "$2", a global
/// object "init_mm", a field of either "$2.sub", "the_dev.sub", or
/// something else): "$2.mmap_lock", "init_mm.mmap_lock", ..., or "" when
/// the object is none of those (the lock is its type's class).
std::string resolveObject(const std::string &Object, const std::string &ArgClass);
/// The parameter an object-relative class names ("$0.mmap_lock": 0), or -1.
int objectParam(const std::string &Object);
/// Whether Class names a global object's own lock ("init_mm.mmap_lock").
bool isObjectClass(const std::string &Class);

/// How an instance of a lock that belongs to object O orders, seen from a
/// caller (O: resolveObject()'s answer, or the object a lock handed over
/// whole is a field of, ArgFacts::LockObject): a global object's own class,
/// with subclass Sub, into Class; an object the caller's callers decide
/// ("$2.mmap_lock") into Object; neither for anything else.
void nameByObject(const std::string &O, int Sub, std::string &Class, std::string &Object);

/// The class "C/N" for subclass N > 0 of class C.
std::string subclassName(const std::string &Class, int Subclass);
/// Splits "C/N" into C and N; N = 0 for a class without a subclass.
std::string baseClassOf(const std::string &Class, int *Subclass = nullptr);

} // namespace rcuctx
