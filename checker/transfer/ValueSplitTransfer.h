// Contexts handed over through values (lattice/ValueSplit.h), as the walk
// meets them: a call whose result decides the context makes a split (a
// callee's per-class exits, Summary::ByReturn; a try-lock or a function that
// returns one's result); storing the result in a local moves the split to
// the local; a store of anything else forgets it; a branch that tests the
// value refines the state on each edge. A test of a plain local is kept too
// (an empty split: only the classes it can still have), and for a local
// pointer, bool flag or integer so is a store of a constant, so a later
// `return p` is known to be NULL or not (`return ret` to be 0 or -EAGAIN),
// and a later test of it takes only the edges its classes allow: after
// `if (!vma) { mmap_read_unlock(mm); return -EFAULT; }`,
// `if (vma) mmap_read_unlock(mm);` always unlocks; paths that stored
// different constants keep their contexts apart at joins, so `if (!locked)
// { locked = true; spin_lock(l); } ... if (locked) spin_unlock(l);` unlocks
// exactly what it took. Locals whose address is taken are not followed (a
// callee may store to them). A pointer parameter the body assigns is
// followed like a local, and a followed pointer that is dereferenced
// (`p->f`, `*p`) is not NULL from there on, so a retry path that sets it
// to NULL and jumps back (`dst_vma = NULL; goto retry;`) stays apart, at
// the join, from the first pass that had the caller's.
#pragma once

#include "dataflow/FunctionScope.h"
#include "facts/ValueTests.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace rcuctx {

class ValueSplitTransfer {
public:
  explicit ValueSplitTransfer(const FunctionEnv &Env);

  /// After a call: Classes[c] is the caller's state if the result is in
  /// class c (bit index of ValueClass), for the classes the callee can
  /// return; Named is the constant Classes[3] (VC_Const) stands for.
  void fromClasses(const clang::CallExpr *CE, const std::optional<ContextState> (&Classes)[ValueClassSlots],
                   std::optional<int64_t> Named,
                   ContextState &St) const;
  /// After a try-lock (or a function returning one's result) whose value is
  /// not consumed by a branch on the spot: the lock is held when the result
  /// is in the success classes.
  void fromTryLock(const clang::CallExpr *CE, const std::string &Key, uint8_t Modes, bool Spins,
                   bool SuccessZero, ContextState &St) const;
  /// A statement: a store to a local moves or forgets a split.
  void track(const clang::Stmt *S, ContextState &St) const;
  /// The state along a branch edge whose condition tests a held value or a
  /// plain local; false where the value cannot take the edge's classes.
  bool onEdge(const clang::CFGBlock *From, bool TrueEdge, ContextState &St) const;
  /// Whether the branch at From's end tests a plain local (onEdge() may
  /// refine or cut the edge even with no split in the state).
  bool testsLocal(const clang::CFGBlock *From) const;

private:
  /// The value test that ends From (`if (!vma)`, the right operand of `a
  /// && b`'s deciding block), if any.
  std::optional<ValueTest> readTest(const clang::CFGBlock *From) const;
  bool followed(const clang::VarDecl *VD) const;
  /// A load or store through a followed pointer (`p->f`, `*p`): the
  /// pointer is not NULL on this path from here on.
  void dereferenced(const clang::Stmt *S, ContextState &St) const;
  /// The class of what a store gives a followed local, if known: a
  /// constant, `PTR_ERR(p)` with p known to be an error, a call to a
  /// function that returns constants of one class only.
  uint8_t storedClass(const clang::Expr *Value, const ContextState &St) const;
  /// The split of PTR_ERR_OR_ZERO(p) from p's: an error stays one, NULL and
  /// an object become 0.
  static ValueSplit errorOrZero(const ValueSplit &P);
  /// The classes the rules give a call's or a macro's value (op `returns`), or 0.
  uint8_t rulesClasses(const clang::Expr *E) const;
  uint8_t constantReturnClass(const clang::FunctionDecl *F) const;

  const FunctionEnv &Env;
  llvm::DenseSet<const clang::VarDecl *> AddressTaken;
  /// readTest() of each block, by block ID.
  std::vector<std::optional<ValueTest>> Tests;
  /// Locals a branch tests for their class or a return returns.
  llvm::DenseSet<const clang::VarDecl *> Decides;
  mutable llvm::DenseMap<const clang::FunctionDecl *, uint8_t> ReturnClassCache;
  /// Locals updated in place (`+=`, `++`).
  llvm::DenseSet<const clang::VarDecl *> Counted;
  /// Pointer parameters the body stores to: followed like locals.
  llvm::DenseSet<const clang::VarDecl *> StoredParams;
};

} // namespace rcuctx
