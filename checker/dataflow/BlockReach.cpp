#include "dataflow/BlockReach.h"

using namespace rcuctx;

BlockReach::BlockReach(std::vector<std::vector<unsigned>> S) : Succs(std::move(S)) {
  Preds.resize(Succs.size());
  for (unsigned B = 0; B < Succs.size(); ++B)
    for (unsigned T : Succs[B])
      if (T < Succs.size())
        Preds[T].push_back(B);
}

const llvm::BitVector &BlockReach::closure(llvm::DenseMap<unsigned, llvm::BitVector> &Memo,
                                           const std::vector<std::vector<unsigned>> &Edges,
                                           unsigned From) {
  auto It = Memo.find(From);
  if (It != Memo.end())
    return It->second;
  llvm::BitVector Seen(Edges.size());
  std::vector<unsigned> Work{From};
  while (!Work.empty()) {
    unsigned B = Work.back();
    Work.pop_back();
    for (unsigned T : Edges[B])
      if (T < Edges.size() && !Seen.test(T)) {
        Seen.set(T);
        Work.push_back(T);
      }
  }
  return Memo[From] = std::move(Seen);
}

bool BlockReach::reaches(unsigned From, unsigned To) {
  if (From >= Succs.size() || To >= Succs.size())
    return false;
  return closure(Forward, Succs, From).test(To);
}

bool BlockReach::onOnePath(unsigned Anchor, unsigned Other) {
  if (Anchor == Other)
    return true;
  if (Anchor >= Succs.size() || Other >= Succs.size())
    return false;
  return closure(Forward, Succs, Anchor).test(Other) || closure(Backward, Preds, Anchor).test(Other);
}
