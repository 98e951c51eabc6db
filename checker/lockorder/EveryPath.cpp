#include "lockorder/EveryPath.h"

#include "llvm/ADT/BitVector.h"

using namespace clang;
using namespace rcuctx;

/// Whether the exit is reachable from the entry without entering Avoid.
static bool exitAvoiding(const CFG &Cfg, const std::set<unsigned> &Avoid) {
  llvm::BitVector Seen(Cfg.getNumBlockIDs());
  std::vector<const CFGBlock *> Work{&Cfg.getEntry()};
  Seen.set(Cfg.getEntry().getBlockID());
  while (!Work.empty()) {
    const CFGBlock *B = Work.back();
    Work.pop_back();
    if (B == &Cfg.getExit())
      return true;
    for (const CFGBlock *S : B->succs())
      if (S && !Seen.test(S->getBlockID()) && !Avoid.count(S->getBlockID())) {
        Seen.set(S->getBlockID());
        Work.push_back(S);
      }
  }
  return false;
}

void rcuctx::markTakenOnEveryPath(const CFG &Cfg,
                                  const std::map<std::string, std::set<unsigned>> &Blocks,
                                  std::vector<Acquisition> &Acquires) {
  // A function with no way out (noreturn on every path) says nothing.
  if (Blocks.empty() || !exitAvoiding(Cfg, {}))
    return;
  for (const auto &KV : Blocks) {
    bool Pending = false;
    for (const Acquisition &A : Acquires)
      Pending |= A.Class == KV.first && A.Conditional && !A.Try;
    if (!Pending || exitAvoiding(Cfg, KV.second))
      continue;
    for (Acquisition &A : Acquires)
      if (A.Class == KV.first && !A.Try)
        A.Conditional = false;
  }
}
