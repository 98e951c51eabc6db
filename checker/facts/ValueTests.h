// Reading how code produces and tests a value whose class (NULL, an error,
// anything else: lattice/ValueSplit.h) decides a context: what holds the
// value (the call, or the local it was stored in), which classes a returned
// expression can have by its form, and which classes a branch condition
// lets through.
#pragma once

#include "lattice/ValueSplit.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <optional>

namespace rcuctx {

struct ContextState;

/// What holds E's value for ContextState::Splits: a local variable E names,
/// or the call E is (parentheses and casts peeled); null otherwise.
const void *valueHolder(const clang::Expr *E);

/// The local variable a store writes (`v = ...`, `v += ...`, `v++`), if any.
const clang::VarDecl *storedLocal(const clang::Stmt *S);

/// The classes a returned expression's value can take, from its form:
/// NULL/0/false is zero; a negative constant, ERR_PTR() or ERR_CAST() an
/// error; another constant valid. A pointer the function returns otherwise
/// is taken as the object (valid): the kernel's lookup-and-lock helpers
/// return NULL or an ERR_PTR() explicitly on their failure paths (a local
/// tested on the way is known better: ContextState::Splits). Any other
/// non-constant value may be anything.
uint8_t classesOfReturned(const clang::Expr *E, const clang::ASTContext &Ctx);

/// Whether E is one expansion of container_of() (the kernel's statement
/// expression, or a plain cast of the subtraction) of a member at a
/// non-zero offset: never NULL nor an error pointer.
bool isContainerOf(const clang::Expr *E, const clang::ASTContext &Ctx);

/// The split E's holder (valueHolder()) has in St, if any.
const ValueSplit *splitOf(const clang::Expr *E, const ContextState &St);

/// The value of a constant E, an integer (`-EINTR`) or an integer made a
/// pointer (`SEQ_START_TOKEN`, `(void *)1`), read in E's own type.
std::optional<int64_t> constantValueOf(const clang::Expr *E, const clang::ASTContext &Ctx);

/// The class of a constant: NULL, 0 or false; a negative integer (an
/// errno); another integer (true, 1). Read in E's own type, so the implicit
/// conversion of a store or a return is part of it: `unsigned n = -1` is
/// valid, `signed char c = 0xff` an error. 0 for anything else.
uint8_t constantClass(const clang::Expr *E, const clang::ASTContext &Ctx);

/// Whether a value of type T keeps an error as one: a pointer, or a signed
/// integer of 32 bits or more (a bool or a u8 of PTR_ERR() does not).
bool holdsError(clang::QualType T, const clang::ASTContext &Ctx);

/// Whether E (`PTR_ERR(x)`, `ERR_PTR(x)`, `ERR_CAST(x)`) gives an error
/// because the path knows x is one (`if (IS_ERR(hash)) return
/// PTR_ERR(hash);`), or because it is ERR_PTR() of a negative constant.
bool givesKnownError(const clang::CallExpr *CE, const ContextState &St, const clang::ASTContext &Ctx);

/// The classes a pointer-returning function's return can take for sure:
/// what the path knows of the value (a split's classes: stored, tested, a
/// callee's), or its form where that decides -- NULL, an address, a
/// string, container_of(), ERR_PTR() of a known value; VC_All otherwise
/// (a pointer computed some other way may be anything).
uint8_t soundReturnClasses(const clang::Expr *Value, const ContextState &St,
                           const clang::ASTContext &Ctx);

/// Whether a function of this name makes an error pointer of its argument
/// (ERR_PTR(), ERR_CAST()): the one list both readers of a value use.
inline bool makesErrorPointer(llvm::StringRef Name) {
  return Name == "ERR_PTR" || Name == "ERR_CAST";
}

/// A branch condition that tests a held value: the holder and the classes
/// for which the condition is true (`!vma`: zero; `IS_ERR(p)`: error;
/// `ret < 0`: error; `p != NULL`: error or valid).
struct ValueTest {
  const void *Holder = nullptr;
  const clang::VarDecl *Local = nullptr; // the holder, if it is a local
  uint8_t WhenTrue = VC_All;
  /// A comparison with a non-zero constant (`ret != -EINTR`, `it ==
  /// SEQ_START_TOKEN`): the constant, and whether the condition is true
  /// where the value equals it. WhenTrue is unused then.
  std::optional<int64_t> Compared;
  bool TrueIfEqual = true;
  /// The classes of a value split S (null: none) on the edge: those the
  /// condition lets through, S's named constant among them where it is.
  uint8_t mask(const ValueSplit *S, bool TrueEdge) const;
};
std::optional<ValueTest> valueTestOf(const clang::Expr *Cond, const clang::ASTContext &Ctx);

} // namespace rcuctx
