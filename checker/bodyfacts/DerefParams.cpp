#include "bodyfacts/BodyFacts.h"

#include "dataflow/ExitDominators.h"
#include "facts/Places.h"

#include "clang/Analysis/Analyses/Dominators.h"

#include <map>
#include <optional>

using namespace clang;
using namespace rcuctx;

std::vector<std::pair<int, SourceLocation>>
rcuctx::derefParamsOf(const FunctionDecl *FD, CFG &Cfg, const std::vector<const CFGBlock *> &Rpo,
                      const SummaryLookup &Lookup) {
  auto ParamIndex = [&](const Expr *E) -> int {
    auto P = pathOf(E);
    if (!P || !P->Fields.empty())
      return -1;
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      if (FD->getParamDecl(I) == P->Base && FD->getParamDecl(I)->getType()->isPointerType())
        return I;
    return -1;
  };
  // Every path from entry to exit runs B: B dominates the exit. (An exit no
  // path reaches is dominated by every block: the function never returns,
  // so whatever it dereferences is dereferenced before anything else counts.)
  // Found when the first candidate is: most functions dereference no
  // pointer parameter and never need it. A dominator tree only for a CFG
  // with a cycle.
  bool Asked = false;
  std::optional<std::vector<char>> Sweep;
  std::optional<CFGDomTree> Dom;
  auto Mandatory = [&](const CFGBlock *B) {
    if (!Asked) {
      Asked = true;
      Sweep = exitDominatorsIfAcyclic(Cfg, Rpo);
      if (!Sweep) {
        Dom.emplace();
        Dom->buildDominatorTree(&Cfg);
      }
    }
    if (B == &Cfg.getEntry())
      return false;
    return Sweep ? (*Sweep)[B->getBlockID()] != 0 : Dom->dominates(B, &Cfg.getExit());
  };
  std::map<int, SourceLocation> Found;
  for (const CFGBlock *B : Cfg)
    for (const CFGElement &E : *B) {
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      int P = -1;
      SourceLocation Loc;
      if (const auto *ME = dyn_cast<MemberExpr>(S)) {
        if (ME->isArrow())
          P = ParamIndex(ME->getBase()), Loc = ME->getOperatorLoc();
      } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
        if (U->getOpcode() == UO_Deref)
          P = ParamIndex(U->getSubExpr()), Loc = U->getOperatorLoc();
      } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(S)) {
        P = ParamIndex(AS->getBase()), Loc = AS->getExprLoc();
      } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
        if (const FunctionDecl *Callee = CE->getDirectCallee())
          if (const Summary *CSum = Lookup(Callee))
            for (auto &[J, L] : CSum->DerefParams)
              if (J < (int)CE->getNumArgs() && ParamIndex(CE->getArg(J)) >= 0) {
                P = ParamIndex(CE->getArg(J));
                Loc = CE->getExprLoc();
                break;
              }
      }
      if (P >= 0 && !Found.count(P) && Mandatory(B))
        Found[P] = Loc;
    }
  return {Found.begin(), Found.end()};
}

