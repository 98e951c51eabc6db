#include "transfer/BlockTransfer.h"

using namespace clang;
using namespace rcuctx;

PState BlockTransfer::transfer(const CFGBlock *B, const PState &In, unsigned V) {
  if (!In)
    return In;
  ContextState St = *In;
  bool Dead = false;
  Rec.CurBlock = B->getBlockID();
  Rec.CurIndex = 0;
  for (const CFGElement &E : *B) {
    element(E, St, V, Dead);
    if (Dead)
      return std::nullopt;
    ++Rec.CurIndex;
  }
  return St;
}

void BlockTransfer::element(const CFGElement &E, ContextState &St, unsigned V, bool &Dead) {
  if (auto CS = E.getAs<CFGStmt>()) {
    const Stmt *S = CS->getStmt();
    if (const MacroInvocation *Inv = Env.Body.ownerOf(S)) {
      if (Env.Body.isFirstElement(Inv, Rec.CurBlock, Rec.CurIndex)) {
        const std::vector<ResolvedStep> &Resolved = Env.Body.macroSteps(Inv);
        Steps.apply(Resolved, Env.SM.getExpansionLoc(Inv->NameLoc), Inv->Name, true, St, V);
        if (const CallExpr *CE = Env.Body.macroCall(Inv))
          Calls.splitOnTryLocks(CE, Resolved, St); // `ret = mutex_lock_interruptible(l)`
        if (!St.Ptrs.empty())
          Ptrs.lockTaken(Env.Body.macroArgs(Inv), Env.SM.getExpansionLoc(Inv->NameLoc), St);
        Ptrs.lockReleased(St, Env.SM.getExpansionLoc(Inv->NameLoc));
      }
      return; // the macro's insides are its implementation, not events
    }
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      Ptrs.checkArguments(CE, St, V);
      Calls.call(CE, St, V, Dead);
      if (!St.Ptrs.empty())
        Ptrs.lockTaken(callArgs(CE), Env.SM.getExpansionLoc(CE->getBeginLoc()), St);
      Ptrs.lockReleased(St, Env.SM.getExpansionLoc(CE->getBeginLoc()));
    }
    Ptrs.track(S, St, V);
    Splits.track(S, St);
    flagStores(S, Env.FD->getASTContext(), St);
    return;
  }
  if (auto CF = E.getAs<CFGCleanupFunction>()) {
    const VarDecl *VD = CF->getVarDecl();
    Guards.cleanedUp(VD, VD->getLocation(), St, Rec);
    Ptrs.lockReleased(St, VD->getLocation());
  }
}
