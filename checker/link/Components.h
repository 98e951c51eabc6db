// Strongly connected components of a graph given as successor lists, callees
// before callers (Tarjan's algorithm, iterative: cross-file call chains can
// be thousands deep). The link walks the call graph in this order, and
// phase 2 asks which cycles pass through two or more files.
#pragma once

#include <functional>
#include <vector>

namespace rcuctx {

/// The components of the graph of N nodes whose successors Succ(V) gives
/// (negative entries are no edge), each component's nodes listed, every
/// component after the ones it reaches.
std::vector<std::vector<int>>
componentsBottomUp(int N, const std::function<const std::vector<int> &(int)> &Succ);

} // namespace rcuctx
