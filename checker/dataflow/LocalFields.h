// What a local object's field holds where a call receives its address:
// the store that every path to the call passes last, with no other write
// that could come between. 6.12's do_vmi_align_munmap() (mm/vma.c) fills
// `struct vma_munmap_struct vms` with init_vma_munmap(&vms, ..., unlock) and
// passes &vms to vms_complete_munmap_vmas(), whose `if (vms->unlock)` drops
// mmap_lock: the caller evaluates that field mode (dataflow/Partitions.h) on
// the `unlock` it passed to the helper.
//
// Read from the AST alone, in the statements of the block that declares the
// object: a store is a statement of that block (`obj.f = x;`, the
// initialiser, or a call of a helper whose body stores `p->f = x;` before
// any jump), the call is in a later statement of the block, and no label
// between them lets a path skip the store. Anything else that may write the
// field -- a store under a condition, the address handed to a function
// without a body here or stored away, a write in a callee's branch --
// leaves it unknown. Knows nothing of partitions: Partitions evaluates the
// stored expression.
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace rcuctx {

/// A value stored: a constant, or an expression of the caller (the value it
/// stored, or the argument it gave the helper that stored it).
struct FieldStore {
  std::optional<int64_t> Const;
  const clang::Expr *Value = nullptr;
};

/// Field F (its index) of record R, if it has one.
const clang::FieldDecl *fieldAt(const clang::RecordDecl *R, unsigned F);

/// The initialiser V's declaration gives field F (a local's, or a const
/// global's): a constant as the field keeps it (0 where the initialiser
/// list does not name it), an expression, or nothing known (no list).
std::optional<FieldStore> initialFieldStore(const clang::VarDecl *V, unsigned F);

/// What a function does to the fields of the object its parameter points
/// to: the stores every return follows (by field index; a value is a
/// constant or the index of a parameter of that function), and the fields
/// it may write otherwise.
struct ParamFieldWrites {
  struct Stored {
    std::optional<int64_t> Const;
    int Param = -1;
  };
  std::map<unsigned, Stored> Definite;
  std::set<unsigned> Maybe;
  bool All = false; // the object may change whole (escaped, no body)
  bool mayWrite(unsigned F) const { return All || Maybe.count(F) || Definite.count(F); }
};

class LocalFieldStores {
public:
  explicit LocalFieldStores(const clang::FunctionDecl *FD);
  ~LocalFieldStores();

  /// The store to field F of local L that CE (a call passing &L) follows
  /// on every path, with nothing in between that may write F.
  std::optional<FieldStore> at(const clang::VarDecl *L, unsigned F, const clang::CallExpr *CE) const;

  /// What G does through its parameter J (bounded depth through the
  /// helpers it hands the pointer to; cached with this function's queries).
  const ParamFieldWrites &paramFieldWrites(const clang::FunctionDecl *G, unsigned J,
                                           int Depth = 0) const;

private:
  struct Index;
  Index &indexOf(const clang::VarDecl *L) const;

  const clang::FunctionDecl *FD;
  mutable std::map<const clang::VarDecl *, std::unique_ptr<Index>> Cache;
  /// paramFieldWrites() by (G, J, depth asked at): a deeper query may stop
  /// at the bound where a shallower one would see through, so the answer
  /// depends on the depth (and never on which query came first).
  mutable std::map<std::tuple<const clang::FunctionDecl *, unsigned, int>, ParamFieldWrites> Callees;
};

} // namespace rcuctx
