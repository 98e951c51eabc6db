// Obligations: what a program point needs of the context, kept relative to
// the function's entry so they can travel up the call graph. A Need is a
// disjunction of atoms (rcu_dereference_check(p, lockdep_is_held(&l)) needs
// "RCU or l held"); a NoSleep forbids every context in which sleeping is a
// bug. Each carries its explanation: where it arises and the chain of calls
// below that point.
#pragma once

#include "lattice/ContextState.h"
#include "transfer/ModeKey.h"

#include "clang/Basic/SourceLocation.h"

#include <string>
#include <utility>
#include <vector>

namespace rcuctx {

struct Atom {
  /// Exempt: a condition term the rules declare false except inside the
  /// named functions (`!refcount_read(&kvm->users_count)`: only while a VM
  /// is created or torn down). Key lists the functions, comma-separated.
  enum Kind { Counter, Lock, Exempt } K = Counter;
  std::string Key;   // counter key, lock class, or exempt functions
  uint8_t Modes = 0; // Lock: acceptable modes (LB_Read|LB_Write|LB_Unheld)
  bool operator==(const Atom &O) const { return K == O.K && Key == O.Key && Modes == O.Modes; }
};

struct Note {
  clang::SourceLocation Loc;
  std::string Text;
};

/// Values of the function's modes on the path an obligation or effect
/// belongs to: (mode key, value); the keys are in transfer/ModeKey.h.
using Valuation = std::vector<std::pair<int, bool>>;
bool compatible(const Valuation &A, const Valuation &B);
/// The valuation partition Bits gives the tracked mode keys Keys (bit I is
/// Keys[I]'s value): Partitions::valuation(), a summary's partitions.
Valuation valuationOfBits(const std::vector<int> &Keys, unsigned Bits);

/// W without its equality modes. Where a caller does not fix a mode, a
/// parameter's truth (or one bit of it) is a mode of the function (an
/// obligation present in only one value of `bool shared` is dropped at such
/// a call and at an entry point), but an equality is not: the caller may
/// pass that very constant, so what holds under `reg == C` holds there.
Valuation truthModesOf(const Valuation &W);
/// How many of Keys are a parameter's truth or one of its bits.
size_t truthModeCount(const std::vector<int> &Keys);

enum class CheckId { RcuSection, LockdepCondition, LockHeld, SleepInAtomic, Unbalanced, Annotation, StalePointer, LockOrder, GracePeriod, BlockingState, IrqSafety };
const char *checkName(CheckId C);

struct Obligation {
  enum Kind { Need, NoSleep } K = Need;
  std::vector<Atom> AnyOf;      // Need
  ContextState At;              // state at the site, relative to the owner's entry
  /// The flags the path to the site found (ContextState::Flags, transfer/
  /// FlagTransfer.h): the requirement holds only where they do. Kept apart
  /// from At, whose comparisons (one need in both arms of an if, the same
  /// summary again) they must not split.
  CowMap<std::string, bool> PathFlags;
  Valuation When;               // owner's mode parameters on this path
  int GfpParam = -1;            // NoSleep: only if this parameter allows reclaim
  CheckId Check = CheckId::RcuSection;
  /// The site is inside an `if` on runtime state (in its function, or a
  /// call on the way is): the requirement holds only when that condition
  /// does. Such a requirement is still checked where it is violated, but no
  /// contradiction is inferred from it (`if (p != current)
  /// lockdep_assert_held(&p->alloc_lock)` does not make a sleep a bug).
  bool Conditional = false;
  /// Conditional already in the callee it was lifted from (not only by an
  /// if of this function around the call): a need in both arms of this
  /// function's if is still conditional then (FunctionAnalysis's
  /// settleBothArms()). Not exported: a caller sees Conditional.
  bool CalleeConditional = false;
  /// NoSleep: the callee sleeps only outside interrupt context (vfree()):
  /// met where bottom halves are disabled, and at a softirq or hardirq
  /// entry point.
  bool OutsideInterrupt = false;
  /// NoSleep: the callee sleeps only to fault a user page in: met where
  /// page faults are disabled (pagefault_disable()).
  bool FaultOnly = false;
  /// Carried up through a call through a function pointer somewhere on its
  /// chain (rcuctx --entry-stats counts what resolution brought to entries).
  bool ViaPointer = false;
  /// NoSleep under `if (!in_atomic() ...)` (BodyIndex::sleepableAt): kept
  /// only where this function's own state already makes it atomic (a lock
  /// taken inside the branch), never as a requirement on the caller, whose
  /// atomic context the test excludes. Not exported.
  bool OwnStateOnly = false;

  // Presentation.
  std::string What;             // subject of the primary message: "rcu_dereference()", "'foo'"
  clang::SourceLocation Loc;    // the site in the owner
  std::string SiteNote;         // the site described as a note, once lifted into a caller
  std::vector<Note> Chain;      // notes below the site
  std::string Owner;            // function the site is in
};

enum class Verdict { Satisfied, Violated, Depends };

/// Bounds an obligation puts on the owner's entry context.
struct EntryBound {
  // Counters: entry depth >= Lower (need) or <= Upper (no sleep).
  std::vector<std::pair<std::string, int>> Lower, Upper;
  // Locks: entry state must be within these modes.
  std::vector<std::pair<std::string, uint8_t>> LockIn;
};

/// Evaluates an obligation at its own site. Strict mode also counts "some
/// path" violations.
Verdict evaluate(const Obligation &O, bool Strict, EntryBound *Bound = nullptr);

/// For a violated obligation, what is wrong at the site, for the message
/// ("none is held", "it is held for read", "spinning lock 'x' is held").
/// Which requirement an obligation is, whatever mode-parameter partition it
/// came from: its site, kind, GFP parameter and atoms. Two partitions that
/// both have it mean it holds whatever that mode's value.
std::string siteIdentity(const Obligation &O);

/// The atom a need is described by: the first one a developer can act on
/// (a context or lock, not an exempt term). Needs have at least one atom.
const Atom &primaryAtom(const Obligation &O);

/// In strict mode the violation may be on some paths only ("may be held").
std::string describeViolation(const Obligation &O, bool Strict = false);

} // namespace rcuctx
