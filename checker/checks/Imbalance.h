// The imbalance checks (rcuctx-unbalanced), judged on the fixpoint: a
// function whose paths return holding a context on some paths and not on
// others, at its returns and at joins after which nothing touches the
// context again (typically a `goto` past the unlock). Hand-off protocols
// (bodyfacts/HandOff.h) and returns told apart by their value (true with the
// lock, false without; a PTE inside the section, NULL outside:
// bodyfacts/ReturnClasses.h) are not imbalances; a conditional acquirer's exit
// effect is made "unknown" for that lock so callers do not trust it.
#pragma once

#include "bodyfacts/HandOff.h"
#include "dataflow/FunctionScope.h"

#include <map>
#include <set>

namespace rcuctx {

class ImbalanceCheck {
public:
  ImbalanceCheck(const FunctionEnv &Env, WalkRecord &Rec, const HandOffs &Hand, const FixpointView &Fix)
      : Env(Env), Rec(Rec), Hand(Hand), Fix(Fix) {}

  /// At the returns; Returns[V] are partition V's paths to the exit.
  void atReturns(const std::vector<std::vector<ReturnPath>> &Returns);
  /// At joins of paths that differ, with nothing touching the context after.
  void atJoins(const FixpointView &Fix);
  /// After both: where a join's held and free edges were told apart by a
  /// value (`goto err` with ret 0 and the lock, `ret = -ENOMEM; goto out`
  /// after the unlock), the returns decide. Where they break the protocol,
  /// the join's held edges (the `goto` that skipped the unlock) are reported
  /// in place of the returns whose classes only that join's split made known.
  void finish();

private:
  /// How a path leaves context K: held (entered here and kept), free (as it
  /// came in, or released), or neither definitely.
  enum class Balance { Held, Free, Other };
  Balance balanceOf(const ContextState &St, const std::string &K, bool IsLock) const;
  /// "returns with K held on this path but not on others", at Loc.
  Finding finding(const std::string &K, bool IsLock, clang::SourceLocation Loc,
                  const ContextState &St) const;
  /// Whether the held and the free returns are told apart by the returned
  /// value (ReturnPath::Classes): a hand-over through the value, and no
  /// held return gives an error (but for one a call's split only says is
  /// possible: ReturnPath::PossibleOnly; nor with CallersHold: the lock is
  /// the caller's, given up and retaken, and its held returns are as the
  /// caller had it).
  static bool byValue(const std::vector<const ReturnPath *> &Held,
                      const std::vector<const ReturnPath *> &Free, bool CallersHold = false);
  /// The held returns to report when the value does not tell them apart:
  /// those whose classes a free return also has, or that give an error (the
  /// xpmem helper that returns NULL both after pte_unmap() and without it:
  /// the NULL without is the leak, not the PTE it hands over); all of them
  /// if none is singled out.
  static std::vector<const ReturnPath *> breakingProtocol(const std::vector<const ReturnPath *> &Held,
                                                          const std::vector<const ReturnPath *> &Free);
  /// Whether every edge into join B that holds K comes from an `if`
  /// whose then-arm only releases K (the free edge from that arm): a
  /// release made on a test on purpose, not a forgotten one.
  template <typename EdgeT, typename BalanceFn>
  bool releasedOnlyOnTest(const clang::CFGBlock *B, const std::string &K, BalanceFn BalanceOf,
                          const std::vector<EdgeT> &Edges) const;
  /// Lock K's state at the exits of Group's partitions becomes unjudged:
  /// a protocol, which callers do not judge either.
  void unjudgeExits(const std::string &K, const std::vector<unsigned> &Group);
  /// Whether X, a flag a test reads, is one the function was given: a
  /// parameter it never assigns, a field of what one points to, or a
  /// local given its value once, from no call, its address never taken.
  bool givenFlag(const clang::Expr *X) const;
  /// Whether a flag the paths tested (a named bit, a boolean field) tells
  /// the held returns from the free ones, and every test of it in the body
  /// is made where K is not held in Group's partitions: the flag decides
  /// whether the function enters K at all. i915's intel_pipe_update_start()
  /// returns at once `if (new_crtc_state->do_async_flip)` and otherwise with
  /// IRQs off; intel_pipe_update_end() enables them on the same test. The
  /// free returns must be the early ones, in the arms of the flag's `if`s,
  /// and the held ones after them. A test made inside K (`rcu_read_lock();
  /// if (p->dead) return;`) is the leak; so is K kept in the arm (`if (f) {
  /// lock(); ...; return; }`, the unlock forgotten).
  bool toldApartByPriorTest(const std::vector<const ReturnPath *> &Held,
                            const std::vector<const ReturnPath *> &Free, const std::string &K, bool IsLock,
                            const std::vector<unsigned> &Group);
  /// Held at some returns, free at others, for a lock; Rets are one group's.
  void lockAtReturns(const std::string &K, const std::vector<ReturnPath> &Rets,
                     const std::vector<unsigned> &Group, size_t G);
  /// The returns that break K's protocol in group G: reported by finish().
  void atReturnsBreaking(size_t G, const std::string &K, bool IsLock,
                         const std::vector<const ReturnPath *> &Breaking);

  using GroupKey = std::pair<size_t, std::string>; // (imbalance group, context)
  struct Pending {
    Finding F;
    bool Expanded; // a return whose class only a split made known
  };
  std::map<GroupKey, std::vector<Pending>> AtReturns;
  std::map<GroupKey, std::vector<Finding>> AtJoinsByValue;
  /// A join of a returned conditional's arms (returnedConditional()): the
  /// arms' returns judge K; reported here only if they did not (a return
  /// in doubt made the returns skip K).
  std::map<GroupKey, std::vector<Finding>> AtArmJoins;
  /// (group, context) pairs whose returns were judged held against free.
  std::set<GroupKey> JudgedAtReturns;
  /// (group, key) whose returns differ only by a release made on a flag
  /// test, found at the exit (releasedOnlyOnTest()): their returns'
  /// findings are dropped.
  std::set<GroupKey> ReleasedOnTest;

  /// The body's local variables, and those that only ever hold NULL or
  /// the address of a lock of class K (FactExtractor::lockPointerClass()).
  const std::vector<const clang::VarDecl *> &bodyLocals();
  const std::set<const void *> &lockPointers(const std::string &K);
  std::vector<const clang::VarDecl *> Locals;
  std::map<std::string, std::set<const void *>> LockPointers;
  bool LocalsBuilt = false;

  const FunctionEnv &Env;
  WalkRecord &Rec;
  const HandOffs &Hand;
  const FixpointView &Fix;
};

} // namespace rcuctx
