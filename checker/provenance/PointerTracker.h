// RCU pointer provenance for the stale-pointer check: which places (locals,
// their fields, array elements) hold a pointer read with an RCU accessor, in
// which section instance, and whether that instance has ended. Follows
// copies, derived pointers (&p->f, container_of, rules' `derive`), functions
// returning an RCU pointer, and reports a stale pointer dereferenced here or
// handed to a callee that dereferences it.
//
// Owns ContextState::Ptrs and nothing else of the state: it never changes a
// depth or a lock.
#pragma once

#include "dataflow/FunctionScope.h"

#include <optional>
#include <set>
#include <utility>

namespace rcuctx {

class PointerTracker {
public:
  PointerTracker(const FunctionEnv &Env, WalkRecord &Rec) : Env(Env), Rec(Rec) {}

  /// A statement's effect on the places followed, and a stale use in it.
  void track(const clang::Stmt *S, ContextState &St, unsigned V);
  /// Section Key ended at Loc (Always: whatever the depth, as a yield does):
  /// pointers read in the instance that ended become stale.
  void markStale(ContextState &St, const std::string &Key, clang::SourceLocation Loc,
                 bool Always) const;
  /// A call or rule macro with arguments Args at Loc left a lock in the
  /// object a followed pointer points to held (`spin_lock_bh(&pmc->lock)`
  /// inside the section, as net/ipv4/igmp.c's ip_mc_del_src() does before
  /// rcu_read_unlock()): that lock keeps the pointer valid after the
  /// section, until it is released (RcuPointer::PinLoc).
  void lockTaken(const SiteArgs &Args, clang::SourceLocation Loc, ContextState &St) const;
  /// Pointers a lock keeps (RcuPointer::Lock) become stale where that
  /// lock is released on every path, by whatever released it.
  void lockReleased(ContextState &St, clang::SourceLocation Loc) const;
  /// A stale pointer handed to a callee that dereferences it, judged as
  /// the call is made (before what it may write through its arguments).
  void checkArguments(const clang::CallExpr *CE, const ContextState &St, unsigned V) {
    if (!St.Ptrs.empty())
      checkPassedToDereferencer(CE, St, V);
  }
  /// A call may write through the pointers it is passed: what this function
  /// followed under them (`itp->cur`, `*pp`, `arr[]`) is forgotten after
  /// the call, except the places the call's own writes_rcu filled (Kept).
  /// Not through a pointer to const (`show(const struct iter *)`), nor the
  /// argument itself: the callee cannot change the caller's variable.
  static void passedOn(const clang::CallExpr *CE, ContextState &St, const std::vector<PtrPath> &Kept);
  /// Forgets what P (and every place under it) held.
  static void forget(ContextState &St, const PtrPath &P);
  /// What protects the pointer an expression evaluates to, if it is one the
  /// analysis follows.
  std::optional<RcuPointer> provenance(const clang::Expr *E, const ContextState &St) const;

  /// Summary::ReturnsRcu: every return gives NULL or a pointer read in one
  /// section of the caller's, at one depth, not ended since.
  std::optional<ReturnedRcuPointer>
  returned(const std::vector<std::vector<ReturnPath>> &Returns) const;

  /// Summary::WritesRcu: the places under pointer parameters (`*out`,
  /// `it->cur`) that every return leaves holding a pointer read in one
  /// section of the caller's, at one depth, not ended since.
  std::vector<WrittenRcuPointer> written(const std::vector<std::vector<ReturnPath>> &Returns) const;
  /// A call to a function with Summary::WritesRcu: the places it fills in
  /// this function (`lookup(&p)`: p; `iter_start(&it)`: it.cur;
  /// `iter_next(itp)`: itp->cur), with what their pointers are, read in the
  /// caller's section at its depth before the call (St).
  std::vector<std::pair<PtrPath, RcuPointer>> filledBy(const clang::CallExpr *CE, const Summary &CS,
                                                      const ContextState &St) const;

private:
  /// A use (How: "dereferences", "passes to 'f'") of P after its section:
  /// the pointer as stale where it is one (the use is reported), else
  /// nothing; where only the caller's hold of P's update-side lock keeps
  /// it (RcuPointer::LockAtEntry), an obligation that the lock be held at
  /// entry, for the callers to meet.
  std::optional<RcuPointer> useAfterSection(const RcuPointer &P, const std::string &Name,
                                            const std::string &How, clang::SourceLocation UseLoc,
                                            const ContextState &St, unsigned V);
  /// The pointer an accessor invocation reads, in state St.
  std::optional<RcuPointer> readWith(const MacroInvocation *Inv, const ContextState &St) const;
  /// A stale pointer handed to a function that dereferences it.
  void checkPassedToDereferencer(const clang::CallExpr *CE, const ContextState &St, unsigned V);
  /// A dereference of a stale pointer in S.
  void checkDereference(const clang::Stmt *S, const ContextState &St, unsigned V);

  const FunctionEnv &Env;
  WalkRecord &Rec;
  /// (use location, place) already reported.
  std::set<std::pair<unsigned, PtrPath>> StaleReported;
};

} // namespace rcuctx
