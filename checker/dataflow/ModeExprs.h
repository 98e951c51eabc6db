// What an expression says about a function's modes, read from its AST
// alone: the integer parameter it names, the const-object field a pointer
// parameter reaches, a constant's value or bits, one named bit of a
// parameter. Shared by the choice of modes (dataflow/Partitions.cpp) and
// their evaluation at calls (dataflow/PartitionArgs.cpp); knows nothing of
// partitions or states.
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace rcuctx {

template <typename T> bool contains(const std::vector<T> &V, const T &X) {
  return std::find(V.begin(), V.end(), X) != V.end();
}

/// Locals that stand for a parameter of their function: initialised from it
/// through casts that keep its bits, and neither it nor they written after
/// (`unsigned long flags = (unsigned long)info;` in a cross-CPU callback
/// that receives its flags as `void *info`). Built by
/// dataflow/BodyWrites.h's paramAliases(); a test of the local is a test of
/// the parameter, so it may be a mode.
using ParamAliases = std::map<const clang::VarDecl *, unsigned>;

/// E without parentheses, implicit conversions (as IgnoreParenImpCasts():
/// an implicit narrowing too, as the mode readers always took it), and the
/// explicit casts between integers and pointers that do not narrow
/// (`(void *)flags`, `(unsigned long)info`).
const clang::Expr *ignoreValueCasts(const clang::Expr *E, const clang::ASTContext &Ctx);

/// The integer parameter of FD that E names (one a mode key can index), or
/// with Aliases, the parameter a local alias of it stands for (an integer
/// one, or a pointer one the local is an integer copy of: `void *info`).
std::optional<unsigned> intParamOf(const clang::FunctionDecl *FD, const clang::Expr *E,
                                   const ParamAliases *Aliases = nullptr);
/// The pointer-to-const parameter of FD that E names (`const struct
/// mm_walk_ops *ops`): a field the function may not change, and an ops
/// table's in practice; a plain object's field changes under calls and
/// other threads, so only these carry field modes.
std::optional<unsigned> constPointerParamOf(const clang::FunctionDecl *FD, const clang::Expr *E);
/// Any pointer parameter of FD that E names.
std::optional<unsigned> pointerParamOf(const clang::FunctionDecl *FD, const clang::Expr *E);
/// `p->f` with p a pointer-to-const parameter (with AnyPointer, any pointer
/// parameter): (p's index, f's index in its record), for an integer or enum
/// field a field key can name.
std::optional<std::pair<unsigned, unsigned>> paramFieldOf(const clang::FunctionDecl *FD,
                                                         const clang::Expr *E,
                                                         bool AnyPointer = false);
/// A constant an equality key can hold (0 <= C < ModeConstantLimit).
std::optional<int64_t> modeConstantOf(const clang::Expr *E, const clang::ASTContext &Ctx);
/// A constant's bits (any constant an integer of up to 64 bits holds),
/// widened as C converts it.
std::optional<uint64_t> constantBits(const clang::Expr *E, const clang::ASTContext &Ctx);
/// `flags & BIT` with flags an integer parameter (or, with Aliases, a local
/// alias of one) and BIT one named bit: its bit mode key.
std::optional<int> bitModeOf(const clang::FunctionDecl *FD, const clang::Expr *E,
                             const ParamAliases *Aliases = nullptr);

/// `flags & (RPM_ASYNC | RPM_NOWAIT)` with flags an integer parameter (or,
/// with Aliases, a local alias of one) and a mask of two to four bits, each
/// from a named constant: the bit mode key of each, the test true where any
/// of them is set. Empty for anything else (one bit is bitModeOf()'s).
std::vector<int> maskModesOf(const clang::FunctionDecl *FD, const clang::Expr *E,
                             const ParamAliases *Aliases = nullptr);

} // namespace rcuctx
