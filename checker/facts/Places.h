// Reading the shape of an expression, as several rooms of the analysis need
// it: the place a pointer expression names (`p`, `iter.sptep`, `path[]`), and
// a condition with its negations and likely()/unlikely() peeled off.
#pragma once

#include "lattice/RcuPointer.h"

#include "clang/AST/Expr.h"

#include <optional>
#include <string>

namespace rcuctx {

/// The place an expression names, if it is a local's (or a parameter's):
/// `p`, `iter.sptep`, `w->slot`, `path[i]` (as `path[]`).
std::optional<PtrPath> pathOf(const clang::Expr *E);

/// A place as a developer writes it: "iter.sptep".
std::string pathName(const PtrPath &P);

/// E without `!` and __builtin_expect() wrappers; Neg says whether an odd
/// number of negations was removed.
const clang::Expr *stripNot(const clang::Expr *E, bool &Neg);

} // namespace rcuctx
