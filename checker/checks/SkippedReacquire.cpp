#include "checks/SkippedReacquire.h"

#include "report/FindingText.h"

#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"

#include <algorithm>

using namespace clang;
using namespace rcuctx;

namespace {

const char *jumpWord(const Stmt *T) {
  if (isa_and_nonnull<ContinueStmt>(T))
    return "continue";
  if (isa_and_nonnull<BreakStmt>(T))
    return "break";
  if (isa_and_nonnull<GotoStmt>(T))
    return "goto";
  return nullptr;
}

/// L not held on every path through this state, and not the caller's.
bool definitelyUnheld(const PState &S, const std::string &L) {
  if (!S)
    return false;
  LockSet LS = S->lock(L);
  return LS.has(LB_Unheld) && !LS.has(LB_Read | LB_Write) && !LS.mayBeEntry();
}

bool mayBeUnheld(const PState &S, const std::string &L) {
  return S && S->lock(L).has(LB_Unheld);
}

} // namespace

void rcuctx::noteSkippedReacquire(const FunctionEnv &Env, WalkRecord &Rec,
                                  const FixpointView &Fix) {
  const CFG &Cfg = *Env.Cfg;
  for (PendingFinding &P : Rec.Violations) {
    if (P.UnlockedLock.empty())
      continue;
    const std::string &L = P.UnlockedLock;
    const unsigned V = P.Partition;
    // Blocks from which the unlock is reached while L may be not held:
    // walk back from the unlock's block over edges that carry "not held".
    // The unlock's own block counts only if a path leads back into it (a
    // loop): a jump after the unlock is not on a path to it.
    std::vector<char> Reaches(Cfg.getNumBlockIDs(), 0);
    std::vector<const CFGBlock *> Work;
    for (const CFGBlock *B : Cfg)
      if (B->getBlockID() == P.Block)
        Work.push_back(B);
    while (!Work.empty()) {
      const CFGBlock *B = Work.back();
      Work.pop_back();
      for (const CFGBlock *Pred : B->preds()) {
        if (!Pred || Reaches[Pred->getBlockID()])
          continue;
        if (!mayBeUnheld(Fix.edgeInto(Pred, B, V), L))
          continue;
        Reaches[Pred->getBlockID()] = 1;
        Work.push_back(Pred);
      }
    }
    std::vector<Note> Jumps;
    for (const CFGBlock *B : Cfg) {
      const Stmt *T = B->getTerminatorStmt();
      const char *Word = jumpWord(T);
      if (!Word || !Reaches[B->getBlockID()] || B->succ_empty())
        continue;
      const CFGBlock *Succ = *B->succ_begin();
      if (!Succ || !definitelyUnheld(Fix.edgeInto(B, Succ, V), L))
        continue;
      Jumps.push_back({T->getBeginLoc(), quoted(L) + " is not taken again on the path through this '" +
                                             Word + "'"});
    }
    std::sort(Jumps.begin(), Jumps.end(), [&](const Note &A, const Note &B) {
      return Env.SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    });
    if (Jumps.size() > 2)
      Jumps.resize(2);
    P.F.Notes.insert(P.F.Notes.end(), Jumps.begin(), Jumps.end());
  }
}
