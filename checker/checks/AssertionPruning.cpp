#include "checks/AssertionPruning.h"

#include "llvm/ADT/BitVector.h"

#include <algorithm>

using namespace clang;
using namespace rcuctx;

void rcuctx::dropAssertedImpossible(const FunctionEnv &Env, WalkRecord &Rec,
                                    const FixpointView &Fix) {
  const CFG &Cfg = *Env.Cfg;
  for (auto &KV : Rec.Failing) {
    unsigned V = KV.first;
    const std::set<unsigned> &Bad = KV.second;
    // Blocks on some entry-to-exit path in this partition avoiding the
    // failing assertions: forward from the entry, backward from the exit.
    auto Walk = [&](bool Forward) {
      llvm::BitVector Seen(Cfg.getNumBlockIDs());
      const CFGBlock *Start = Forward ? &Cfg.getEntry() : &Cfg.getExit();
      std::vector<const CFGBlock *> Work{Start};
      Seen.set(Start->getBlockID());
      while (!Work.empty()) {
        const CFGBlock *B = Work.back();
        Work.pop_back();
        if (Forward) {
          unsigned Idx = 0;
          for (auto SI = B->succ_begin(); SI != B->succ_end(); ++SI, ++Idx) {
            const CFGBlock *S = *SI;
            if (!S || Seen.test(S->getBlockID()) || Bad.count(S->getBlockID()) || !Fix.Edge(B, Idx, V))
              continue;
            Seen.set(S->getBlockID());
            Work.push_back(S);
          }
        } else {
          for (auto PI = B->pred_begin(); PI != B->pred_end(); ++PI) {
            const CFGBlock *P = *PI;
            if (!P || Seen.test(P->getBlockID()) || Bad.count(P->getBlockID()))
              continue;
            if (!Fix.edgeInto(P, B, V))
              continue;
            Seen.set(P->getBlockID());
            Work.push_back(P);
          }
        }
      }
      return Seen;
    };
    llvm::BitVector Fwd = Walk(true), Bwd = Walk(false);
    auto Possible = [&](unsigned Block) { return Fwd.test(Block) && Bwd.test(Block); };
    auto &Obls = Rec.Obls;
    Obls.erase(std::remove_if(Obls.begin(), Obls.end(),
                              [&](const SitedObligation &P) {
                                return P.Partition == V && !Possible(P.Block);
                              }),
               Obls.end());
    auto &Violations = Rec.Violations;
    Violations.erase(std::remove_if(Violations.begin(), Violations.end(),
                                    [&](const PendingFinding &P) {
                                      return P.Partition == V && !Possible(P.Block);
                                    }),
                     Violations.end());
    for (CallRecord &C : Rec.Result.Detail.Calls)
      if (!Possible(C.Block))
        C.States.erase(std::remove_if(C.States.begin(), C.States.end(),
                                      [&](const CallRecord::At &A) { return A.Partition == V; }),
                       C.States.end());
  }
}
