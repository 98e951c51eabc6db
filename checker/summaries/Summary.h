// What a function means to its callers, inferred from its body: the
// obligations it puts on its entry context (with their explanations), its
// effect on the context at each return (per value of its mode parameters),
// and contradictions found inside it that no caller can satisfy.
#pragma once

#include "lockorder/LockOrder.h"
#include "transfer/Obligation.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace rcuctx {

struct ExitEffect {
  Valuation When;
  ContextState State; // relative to entry
};

/// A need and a forbid on the same path that no entry context satisfies
/// (the seed: sleeps, then needs RCU at the same depth). Reported where a
/// caller ended the section just before the call, else in the function.
struct EntryConflict {
  std::string Key;
  Obligation Need;
  Obligation Forbid;
};

/// A function that returns a pointer read with an RCU accessor and not
/// ended since: the caller's section protects it (at this depth relative to
/// the function's entry).
struct ReturnedRcuPointer {
  std::string Key;
  int Depth = 0;
  bool operator==(const ReturnedRcuPointer &O) const { return Key == O.Key && Depth == O.Depth; }
};

/// A function that stores a pointer read with an RCU accessor, and not ended
/// since, into what a parameter points to (`*out = rcu_dereference(gp)`,
/// an iterator's `it->cur`): valid only in the caller's section. Fields is
/// the place under the parameter ("*", "->cur").
struct WrittenRcuPointer {
  int Param = -1;
  std::string Fields;
  std::string Key;
  int Depth = 0;
  bool operator==(const WrittenRcuPointer &O) const {
    return Param == O.Param && Fields == O.Fields && Key == O.Key && Depth == O.Depth;
  }
  bool operator<(const WrittenRcuPointer &O) const {
    return std::tie(Param, Fields, Key, Depth) < std::tie(O.Param, O.Fields, O.Key, O.Depth);
  }
  /// Whether Fields names a place in what the parameter points to ("*",
  /// "->f..."), the only places a caller can see.
  static bool underPointee(const std::string &Fields) {
    return !Fields.empty() && (Fields[0] == '*' || Fields.rfind("->", 0) == 0);
  }
};

/// A wrapper that returns a try-lock's result (mmap_write_lock_killable()
/// returns down_write_killable()'s): its callers' branches take the lock on
/// the success edge, as with the try-lock itself.
struct TryLockResult {
  std::string Key; // lock class, or "$N" for one passed in
  uint8_t Modes = 0;
  bool Spins = true;
  bool SuccessZero = false;
};

/// The function's effect at the returns whose value lies in some classes
/// (lattice/ValueSplit.h): expand_stack() returns a VMA with mmap_lock held,
/// or NULL with it dropped. Only kept where the classes' effects differ.
struct ClassExit {
  Valuation When;
  uint8_t Class = 0; // one ValueClass bit
  ContextState State; // relative to entry
  /// The function's named constant, what VC_Const stands for (0: none).
  /// On every exit, so a call whose partitions have no VC_Const exit knows
  /// the value is not it.
  int64_t Const = 0;
};

struct Summary {
  bool Computed = false;
  std::string Name;
  std::vector<int> TrackedParams; // boolean mode parameters, by index
  std::vector<Obligation> Obligations;
  std::vector<ExitEffect> Exits; // empty: never returns
  /// Exits per class of the returned value, where they differ; callers that
  /// test the value get the class's effect on that branch.
  std::vector<ClassExit> ByReturn;
  std::vector<EntryConflict> Conflicts;
  /// Requirements the declaration states (__must_hold, requires_capability),
  /// also in Obligations; kept apart so a re-judgement keeps them.
  std::vector<Obligation> Declared;
  std::optional<ReturnedRcuPointer> ReturnsRcu;
  /// RCU pointers it leaves in what its parameters point to, on every
  /// return (sorted).
  std::vector<WrittenRcuPointer> WritesRcu;
  std::optional<TryLockResult> ReturnsTryLock;
  /// Pointer parameters it dereferences on every path (and where), so a
  /// stale pointer passed in is a use after the section too.
  std::vector<std::pair<int, clang::SourceLocation>> DerefParams;
  /// Pointer parameters it takes a reference on (refcount_inc_not_zero(),
  /// itself or in a callee): an RCU pointer passed in is pinned.
  std::vector<int> RefParams;
  /// Pointer parameters whose NULL makes it return at once: a call passing
  /// NULL there has no requirement and no effect (`get_state(NULL, ...)`).
  std::vector<int> NullExitParams;
  /// The classes of the value it returns, over all its returns (a
  /// ValueClass mask, lattice/ValueSplit.h), for a pointer: lookup_undo()
  /// returns NULL or an object, never an ERR_PTR(). VC_All where unknown or
  /// not a pointer. A caller storing and testing the value learns them.
  uint8_t ReturnClasses = 7;
  /// Lock classes (and SRCU domains) it acquires, itself or in callees,
  /// seen from its entry: a caller holding A orders A before each.
  std::vector<Acquisition> Acquires;
  /// Lock classes it may release while they are still as at its entry --
  /// the caller's hold --, itself or through a callee (sorted): `if
  /// (!*locked) mmap_read_lock(mm); ... mmap_read_unlock(mm);` releases
  /// the caller's lock when *locked was set. unchangedForCallers() needs
  /// a class not to be one of these.
  std::vector<std::string> ReleasesEntry;
  /// Lock classes it takes or drops through what a parameter points to,
  /// with that object ("$0.mmap_lock"), where every site names the same
  /// one: a caller holding two instances of the class (dup_mmap()'s `mm`
  /// and `oldmm`) learns which one mmap_write_unlock(mm) drops. "" where
  /// sites name different objects or none: kept in memory, so a recursive
  /// function's summary moves one way; not written to summary files.
  std::map<std::string, std::string> LockObjects;
  /// Lock classes it leaves held through two or more instances, each what
  /// a parameter points to, where LockObjects names none for the sites
  /// differ: security/keys/keyring.c __key_move_lock(l, u) takes both
  /// keyrings' sem ({"$0.sem", "$1.sem"}), and key_move() drops them one
  /// at a time, each with its own __key_*_end(). Every exit that leaves
  /// the class held holds the same instances.
  std::map<std::string, std::vector<std::string>> LockObjectSets;
  /// The RCU lists it updates (op list-update), itself or through callees
  /// (by the member linking their entries; "$N": the link parameter N is;
  /// "?": one nothing names), each with the lock classes held for write at
  /// every such update (in its own terms), and the ones some update found
  /// changed from entry (callers add the locks they hold but those). TuAnalysis intersects them over the functions
  /// this file does not only call directly: a traversal under one of those
  /// locks needs no RCU. Kept in memory only (per file).
  struct ListUpdate {
    std::vector<std::string> Held;    // held for write at every update
    std::vector<std::string> Touched; // other than at entry at some update
    bool operator==(const ListUpdate &O) const { return Held == O.Held && Touched == O.Touched; }
    bool operator!=(const ListUpdate &O) const { return !(*this == O); }
  };
  std::map<std::string, ListUpdate> ListUpdates;
  /// RCU lists it walks, itself, where no RCU section is known to be held
  /// there: where their updaters' lock would meet the need instead.
  std::set<std::string> ListWalks;
  /// Effects only, from the function's definition in another file (the
  /// whole-program tool's phase 2): its requirements stay the link's.
  bool Imported = false;
  /// Imported, and its exits are all definite: nothing of its effect was
  /// left out (link/EffectImports.cpp keeps only definite effects).
  bool ImportExact = false;
  /// Imported: the modes (When of each exit, or of each class exit) whose
  /// effect was not exact; a call whose known arguments rule all of them
  /// out has its whole effect composed all the same. {{}}: every mode.
  std::vector<Valuation> InexactWhen;

  /// Equality of the parts callers consume (for the recursion fixpoint).
  bool sameAs(const Summary &O) const;

  /// Whether this exit state of lock class \p Class is no change for any
  /// caller that can call the function at all: "as at entry", or "as at
  /// entry or not held" for a class it takes (not a try-lock, not a
  /// reader of an rwlock_t, which may nest) and never releases while it is
  /// as at entry (ReleasesEntry). Its "not held" is then its own take and
  /// drop: a caller holding the class keeps it (where the take is skipped,
  /// `if (!mutex_is_locked(l))`, or deadlocks, lockdep's "possible recursive
  /// locking", where it is not), and one not holding it finds it not held.
  /// hva_to_pfn() takes and drops mmap_lock on its slow path and leaves it
  /// as it found it; `if (!*locked) mmap_read_lock(mm)` with an unlock
  /// after it does not (the unlock may be of the caller's hold).
  bool unchangedForCallers(const std::string &Class, const LockSet &Exit) const;

  /// The modes a call must evaluate: the tracked ones, and the equalities
  /// its obligations carry from callees it passes parameters on to.
  std::vector<int> modeKeys() const;
};

} // namespace rcuctx
