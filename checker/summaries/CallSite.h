// Lifting a callee's summary into its caller at one call site: which of the
// callee's obligations this call selects (through the mode parameters it
// passes), how lock classes the callee names by parameter ("$0") become the
// caller's, how a GFP parameter resolves, and the explanation chain.
//
// The facts about the call are plain data, so the same code serves the
// per-function dataflow (facts taken from the CallExpr) and the
// whole-program link (facts read back from a summary file).
#pragma once

#include "facts/FactExtractor.h"
#include "report/Finding.h"
#include "summaries/Summary.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace rcuctx {

/// What a call passes in one argument, as far as callee summaries care.
struct ArgFacts {
  std::string LockClass; // the argument as a lock class; "" if it names none
  /// The object the argument points to (FactExtractor::pointedObject): a
  /// global one or a field of one ("init_mm", "the_dev.lock"), the caller's
  /// parameter or a field of what it points to ("$0", "$0.lock"); "" else.
  /// A lock passed whole, or one of the object's fields, takes the global
  /// object's own class in the lock order, as when the caller takes it
  /// directly (lattice/LockNesting.h).
  std::string LockObject;
  ResolvedStep::GfpKind Gfp = ResolvedStep::GfpAlways;
  int GfpParam = -1;     // GfpOnParam: the caller's parameter it depends on
  std::string Text;      // the argument as written (for a GFP note)
  bool Null = false;     // a null pointer constant
  /// The caller's pointer parameter passed as it came in (the body never
  /// assigns it), or -1: a callee's NULL test of it is the caller's.
  int Param = -1;
};

struct CallSiteFacts {
  std::string Caller, Callee;
  clang::SourceLocation Loc;
  std::vector<ArgFacts> Args;
  /// A call through a pointer to this callee: what the message adds after
  /// its name (" (through 'ops->f')") and after the site note.
  std::string Via, ViaNote;
  /// One of several functions the pointer may hold: its acquisitions are
  /// not ordered after the caller's locks (the union of an ops slot's
  /// implementations is no path; lockorder/).
  bool OneOfMany = false;
};

struct LiftedConflict {
  size_t Index; // into the callee's Conflicts
  Finding F;
};

struct Lifted {
  /// Obligations to judge in the caller: At is already composed onto the
  /// caller's state at the call.
  std::vector<Obligation> Obligations;
  /// Callee conflicts this caller is the place to fix (it just ended the section).
  std::vector<LiftedConflict> Conflicts;
};

/// The callee's equality modes (transfer/Obligation.h) an obligation holds
/// under that this call leaves open but passes on from the caller's own
/// parameters (`kvm_register_read_raw(vcpu, reg)` calls `cache_reg(vcpu,
/// reg)`): the same equality on the caller's parameter, so the caller's
/// callers decide it with their constants. Passes: argument -> parameter.
Valuation passedModes(const Valuation &CalleeWhen, const std::map<int, bool> &Known,
                      const std::map<int, int> &Passes);

/// Whether the call passes NULL where the callee returns at once for it
/// (Summary::NullExitParams): then it has no requirement and no effect.
bool returnsAtOnce(const Summary &Callee, const std::vector<ArgFacts> &Args);

/// Known: the callee's mode parameters this call fixes (by constant, or by
/// the caller's own mode in the current partition).
Lifted liftSummary(const Summary &Callee, const CallSiteFacts &Site,
                   const std::map<int, bool> &Known, const ContextState &AtCall);

/// The lock class a call passes in argument I ("" if none can be named).
using ArgClassFn = std::function<std::string(unsigned)>;

/// A callee state with its parameter-named lock classes (and SRCU domains)
/// made the caller's.
/// Objects (optional): the arguments as fields of objects (ArgFacts::
/// LockObject): a lock passed in whole and held at exit is a global
/// object's own class there, as when the caller takes it directly.
ContextState resolveStateAt(const ContextState &S, const ArgClassFn &ArgClass,
                            const ArgClassFn &Objects = nullptr);
ContextState resolveStateAt(const ContextState &S, const std::vector<ArgFacts> &Args);
/// Whether a state of the callee's says a pointer parameter is not NULL
/// there (transfer/FlagTransfer.h's nullFlagKey()) where the call passes NULL.
bool nullPassedWhereTested(const ContextState &At, const std::vector<ArgFacts> &Args);

/// A callee lock key made the caller's ("" if the call passes no nameable lock).
std::string resolveKeyAt(const std::string &Key, const ArgClassFn &ArgClass);
/// Keeps a chain of notes to the calls nearest each end, counting those
/// in between in one note (a 10,000-deep chain is not copied per level).
void elideChain(std::vector<Note> &Chain);
/// Cuts the loops out of a chain of notes below a call at Head: around a
/// recursion (rpm_suspend() -> rpm_idle() -> rpm_suspend() -> ...) a need
/// comes back to the call sites it passed, and the chain would repeat them
/// until elideChain() counted them. A note seen again ends the loop it
/// began; a note at Head itself begins the chain after it.
void dropChainLoops(std::vector<Note> &Chain, clang::SourceLocation Head);
std::string resolveKeyAt(const std::string &Key, const std::vector<ArgFacts> &Args);

} // namespace rcuctx
