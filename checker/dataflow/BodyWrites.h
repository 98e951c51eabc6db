// What a function's body writes, read once from its AST: which parameters,
// locals and parameter fields may not hold what they held at entry (or at
// their initialisation) by the time they are read. Modes (Partitions) and
// the locals a not-atomic test is stored in (SleepableBranches) ask it.
#pragma once

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

} // namespace rcuctx
