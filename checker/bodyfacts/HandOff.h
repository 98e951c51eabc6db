// Hand-off protocols read from a function's declaration: a context it leaves
// changed by design, so leaving it held on some paths is not an imbalance.
// Either it returns the object whose lock it leaves held
// (lock_anon_vma_root(), folio_lock_anon_vma_read()), or its declaration says
// it acquires or releases the context (`__acquires(RCU)`, `__releases(&s->lock)`),
// or it stores a lock pointer into an object its caller passed
// (`fw->ptl = ptl` in folio_walk_start(), `args->lock = lock` in
// follow_pfnmap_start()): the caller unlocks through it what the function
// left, the lock and the RCU section of the mapped page table with it
// (pte_unmap_unlock()). Or it is the locking half of a lock/unlock API pair
// (lock_rename() and unlock_rename(), lock_rename_child() with it): which
// locks it leaves held is the API's contract with its unlock, which tests
// the same data (`p1 != p2`) to drop them.
#pragma once

#include "facts/DeclaredContexts.h"
#include "facts/FactExtractor.h"

#include "clang/AST/Decl.h"

#include <optional>
#include <string>
#include <vector>

namespace rcuctx {

class HandOffs {
public:
  HandOffs(const clang::FunctionDecl *FD, const FactExtractor &FX) : FD(FD), FX(FX) {}

  /// A context the function leaves changed by design, not an imbalance.
  bool handsOver(const std::string &K) const {
    return returnsOwnerOf(K) || declaredHandOff(K) || storesLockForCaller() ||
           (isLockClass(K) && pairedWithUnlock());
  }

private:
  /// Whether the function returns a pointer to the kind of object that
  /// holds lock class K: the caller unlocks what it gets.
  bool returnsOwnerOf(const std::string &K) const;
  /// Whether the declaration says the function acquires or releases K.
  bool declaredHandOff(const std::string &K) const;
  /// Whether the body stores a pointer to a lock into a field of an object
  /// a pointer parameter points to, or passes both to a helper (which does).
  bool storesLockForCaller() const;
  /// Whether a word of the function's name is "lock" and the translation
  /// unit declares the function named with "unlock" there (lock_rename ->
  /// unlock_rename), or a prefix of that name cut at an underscore
  /// (lock_rename_child -> unlock_rename).
  bool pairedWithUnlock() const;
  static bool isLockClass(const std::string &K);

  const clang::FunctionDecl *FD;
  const FactExtractor &FX;
  mutable std::optional<std::vector<DeclaredContext>> Declared; // read once, when first asked
  mutable std::optional<bool> StoresLock;
  mutable std::optional<bool> Paired;
};

} // namespace rcuctx
