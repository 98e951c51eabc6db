// Reachability between the blocks of one function's CFG, given as successor
// lists (the dataflow's clang CFG, or the shape a summary file recorded for
// the whole-program link). Answers are memoised per anchor block, so the cost
// is one linear walk per block actually asked about, never a closure of the
// whole graph: judging a function's obligations asks about few anchors (the
// sites that forbid something), however many sites need something.
#pragma once

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"

#include <vector>

namespace rcuctx {

class BlockReach {
public:
  explicit BlockReach(std::vector<std::vector<unsigned>> Succs);

  /// Whether To is reachable from From by at least one edge.
  bool reaches(unsigned From, unsigned To);
  /// Whether Anchor and Other lie on one path, in either order (or are one block).
  bool onOnePath(unsigned Anchor, unsigned Other);

private:
  const llvm::BitVector &closure(llvm::DenseMap<unsigned, llvm::BitVector> &Memo,
                                 const std::vector<std::vector<unsigned>> &Edges, unsigned From);

  std::vector<std::vector<unsigned>> Succs, Preds;
  llvm::DenseMap<unsigned, llvm::BitVector> Forward, Backward;
};

} // namespace rcuctx
