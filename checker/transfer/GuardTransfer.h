// Scope guards (`guard(rcu)()`, `scoped_guard(spinlock, &l)`): a variable
// with __attribute__((cleanup)) whose initialiser takes a context. What the
// initialising call did is remembered per variable, and undone by the
// cleanup call the CFG places where the scope ends.
#pragma once

#include "dataflow/FunctionScope.h"

#include "llvm/ADT/DenseMap.h"

namespace rcuctx {

class GuardTransfer {
public:
  /// A guard's initialising call changed the state from Before to After.
  void constructed(const clang::VarDecl *Guard, const ContextState &Before, const ContextState &After);
  /// The guard's cleanup runs (Loc: where it is reported as released); the
  /// locks it releases are recorded in Rec (WalkRecord::releasedFrom()).
  void cleanedUp(const clang::VarDecl *Guard, clang::SourceLocation Loc, ContextState &St,
                 WalkRecord &Rec) const;

private:
  /// What a guard's constructor did, undone by its cleanup.
  struct Delta {
    std::vector<std::pair<std::string, int>> Counters;
    std::vector<std::pair<std::string, uint8_t>> Locks; // key, mode held
  };
  llvm::DenseMap<const clang::VarDecl *, Delta> Deltas;
};

} // namespace rcuctx
