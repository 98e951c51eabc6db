// Reading the shape of an expression, as several rooms of the analysis need
// it: the place a pointer expression names (`p`, `iter.sptep`, `path[]`), and
// a condition with its negations and likely()/unlikely() peeled off.
#pragma once

#include "lattice/RcuPointer.h"

#include "clang/AST/Expr.h"

namespace clang {
class CFGBlock;
}

#include <optional>
#include <string>

namespace rcuctx {

/// The place an expression names, if it is a local's (or a parameter's):
/// `p`, `iter.sptep`, `w->slot`, `path[i]` (as `path[]`), `*out` (as `out*`).
std::optional<PtrPath> pathOf(const clang::Expr *E);

/// A place as a developer writes it: "iter.sptep".
std::string pathName(const PtrPath &P);

/// The value a statement expression gives: its last statement, if that is
/// an expression (`({ irq_enable(); 0; })` gives `0`; container_of's
/// `({ void *__mptr = p; (T *)(__mptr - off); })` the cast); else null.
const clang::Expr *stmtExprValue(const clang::StmtExpr *SE);

/// E without `!` and __builtin_expect() wrappers; Neg says whether an odd
/// number of negations was removed.
const clang::Expr *stripNot(const clang::Expr *E, bool &Neg);

/// The condition that decides the edges out of branch block From: its
/// terminator's, or for `a && b` / `a || b` the operand the block tests
/// (the block that evaluates b ends in the whole condition, its edges are
/// b's; the block of a ends in the operator itself). Null if none.
const clang::Expr *decidedCondition(const clang::CFGBlock *From);

} // namespace rcuctx
