// The transfer of acquisitions to the lock-order record: at every lock
// taken (a rule's acquire, srcu_read_lock(), synchronize_srcu()) and every
// call to a function that takes locks, the dependencies on what is held
// here (FunctionResult::Edges) and what the function acquires, seen from
// its entry (Summary::Acquires). Leaves the state alone; records only in
// the collecting pass.
//
// A grace-period wait on an SRCU domain inside a reader of that domain is
// reported here: it is a deadlock on its own (the reader never ends), not a
// cycle between two classes.
#pragma once

#include "dataflow/FunctionScope.h"
#include "lockorder/Dependencies.h"
#include "summaries/CallSite.h"

namespace rcuctx {

class OrderTransfer {
public:
  OrderTransfer(const FunctionEnv &Env, WalkRecord &Rec) : Env(Env), Rec(Rec) {}

  /// The function takes Class in Mode at Loc (What: the call as shown,
  /// "'mutex_lock'"); St is the state just before.
  /// Spins: a spinning lock (only those take part in rcuctx-irq-safety).
  /// Object: "$N.path" when the lock is a field of what parameter N points
  /// to (a caller passing a global object names its own class).
  /// Try: a trylock of a spinning lock (Acquisition::Try). V: the
  /// partition (its modes select the acquisition: Acquisition::When).
  void acquired(const std::string &Class, AcqMode Mode, clang::SourceLocation Loc,
                const std::string &What, const ContextState &St, unsigned V, bool Spins = false,
                const std::string &Object = "", bool Try = false);
  /// A call at Loc to a callee that acquires what CS says; St is the
  /// caller's state just before the call. Objects: the arguments as fields
  /// of objects (argObjectsOf()). Known: the values the call gives the
  /// callee's modes (what it acquires only in others is not lifted); V:
  /// the caller's partition.
  void callee(const Summary &CS, const ArgClassFn &Args, const ArgClassFn &Objects,
              clang::SourceLocation Loc, const std::string &CallNote, const ContextState &St,
              const std::map<int, bool> &Known, unsigned V);

private:
  /// Edges from what St holds to A; A (with the holds dropped before it,
  /// here and in Also) into the summary.
  void record(Acquisition A, const ContextState &St, unsigned V, std::vector<std::string> Also = {});

  const FunctionEnv &Env;
  WalkRecord &Rec;
};

} // namespace rcuctx
