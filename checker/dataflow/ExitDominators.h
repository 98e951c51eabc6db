// The blocks every path from a function's entry to its exit passes (the
// exit's dominators), for the summary fact "dereferences this parameter on
// every path" (bodyfacts/DerefParams.cpp).
#pragma once

#include "clang/Analysis/CFG.h"

#include <optional>
#include <vector>

namespace rcuctx {

/// Per block id, whether every path from the entry to the exit passes the
/// block, found in one sweep when the CFG is acyclic: in a topological order
/// a path avoids B only by an edge that jumps over B's position. The same
/// answers as CFGDomTree::dominates(B, exit) (an exit no path reaches is
/// dominated by every block; an unreachable block dominates nothing) in
/// linear time, where the dominator tree costs several times more on a
/// large function. std::nullopt when the CFG has a cycle. Rpo: the blocks
/// reachable from the entry in reverse post-order (reversePostOrder(), which
/// the function's analysis already holds).
std::optional<std::vector<char>>
exitDominatorsIfAcyclic(const clang::CFG &Cfg, const std::vector<const clang::CFGBlock *> &Rpo);

} // namespace rcuctx
