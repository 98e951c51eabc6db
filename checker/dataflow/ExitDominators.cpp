#include "dataflow/ExitDominators.h"

using namespace clang;

std::optional<std::vector<char>>
rcuctx::exitDominatorsIfAcyclic(const CFG &Cfg, const std::vector<const CFGBlock *> &Rpo) {
  const unsigned NoPos = ~0u;
  std::vector<unsigned> Pos(Cfg.getNumBlockIDs(), NoPos);
  for (unsigned I = 0; I < Rpo.size(); ++I)
    Pos[Rpo[I]->getBlockID()] = I;
  for (const CFGBlock *U : Rpo)
    for (const CFGBlock *V : U->succs())
      if (V && Pos[V->getBlockID()] <= Pos[U->getBlockID()])
        return std::nullopt; // a retreating edge: a cycle
  const CFGBlock &Exit = Cfg.getExit();
  if (Pos[Exit.getBlockID()] == NoPos) // no path returns: dominated by every block
    return std::vector<char>(Cfg.getNumBlockIDs(), 1);
  std::vector<char> ReachesExit(Cfg.getNumBlockIDs(), 0);
  for (auto It = Rpo.rbegin(); It != Rpo.rend(); ++It) {
    const CFGBlock *U = *It;
    bool R = U == &Exit;
    for (const CFGBlock *V : U->succs())
      R |= V && ReachesExit[V->getBlockID()];
    ReachesExit[U->getBlockID()] = R;
  }
  // Cover[p]: edges on some entry-exit path that jump over position p.
  std::vector<int> Cover(Rpo.size() + 1, 0);
  for (const CFGBlock *U : Rpo)
    for (const CFGBlock *V : U->succs())
      if (V && ReachesExit[V->getBlockID()]) {
        ++Cover[Pos[U->getBlockID()] + 1];
        --Cover[Pos[V->getBlockID()]];
      }
  std::vector<char> Dominates(Cfg.getNumBlockIDs(), 0);
  int Running = 0;
  for (unsigned I = 0; I < Rpo.size(); ++I) {
    Running += Cover[I];
    Dominates[Rpo[I]->getBlockID()] = ReachesExit[Rpo[I]->getBlockID()] && Running == 0;
  }
  return Dominates;
}

