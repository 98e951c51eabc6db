// What a function's body writes, read once from its AST: which parameters,
// locals and parameter fields may not hold what they held at entry (or at
// their initialisation) by the time they are read. Modes (Partitions) and
// the locals a not-atomic test is stored in (SleepableBranches) ask it.
#pragma once

#include "dataflow/ModeExprs.h"

#include "clang/AST/Decl.h"

#include <utility>
#include <vector>

namespace rcuctx {

/// What the body writes: parameters it assigns or takes the address of
/// (not modes, their value may change), locals assigned after their
/// initialisation, incremented or whose address is taken (not followed to
/// their initialiser), and the fields of its parameters it stores to
/// (`p->f = x`: no longer what the caller passed).
struct BodyWrites {
  std::vector<unsigned> Params;
  std::vector<const clang::VarDecl *> Vars;
  std::vector<std::pair<unsigned, unsigned>> ParamFields; // (parameter, field index)
};

BodyWrites bodyWrites(const clang::FunctionDecl *FD);

/// The body's locals that stand for a parameter (ModeExprs.h's
/// ParamAliases): an integer local, not static, initialised from a
/// parameter -- an integer one, or a pointer cast to an integer as wide --
/// through casts that keep its bits, where W says neither is written after.
ParamAliases paramAliases(const clang::FunctionDecl *FD, const BodyWrites &W);

} // namespace rcuctx
