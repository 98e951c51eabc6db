#include "dataflow/Partitions.h"

#include "facts/Places.h"

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <algorithm>
#include <map>

using namespace clang;
using namespace rcuctx;

/// Integer parameters a condition tests directly, and never assigned.
static std::vector<unsigned> testedIntegerParams(const FunctionDecl *FD) {
  std::vector<unsigned> Out;
  std::vector<const Stmt *> Work{FD->getBody()};
  auto Consider = [&](const Expr *Cond) {
    if (!Cond)
      return;
    bool Neg;
    if (const auto *DR = dyn_cast<DeclRefExpr>(stripNot(Cond, Neg)))
      for (unsigned I = 0; I < FD->getNumParams(); ++I)
        if (FD->getParamDecl(I) == DR->getDecl() &&
            FD->getParamDecl(I)->getType()->isIntegerType() &&
            std::find(Out.begin(), Out.end(), I) == Out.end())
          Out.push_back(I);
  };
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (const auto *If = dyn_cast<IfStmt>(S))
      Consider(If->getCond());
    else if (const auto *CO = dyn_cast<ConditionalOperator>(S))
      Consider(CO->getCond());
    // A parameter that is assigned is not a mode: its value changes.
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->isAssignmentOp())
        if (const auto *DR = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          for (unsigned I = 0; I < FD->getNumParams(); ++I)
            if (FD->getParamDecl(I) == DR->getDecl())
              Out.erase(std::remove(Out.begin(), Out.end(), I), Out.end());
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

Partitions::Partitions(const FunctionDecl *FD) : FD(FD) {
  // `bool shared` first, then integer parameters the body tests directly.
  for (unsigned I = 0; I < FD->getNumParams() && Tracked.size() < 3; ++I)
    if (FD->getParamDecl(I)->getType()->isBooleanType())
      Tracked.push_back(I);
  for (unsigned I : testedIntegerParams(FD))
    if (Tracked.size() < 3 && std::find(Tracked.begin(), Tracked.end(), (int)I) == Tracked.end())
      Tracked.push_back(I);
}

Valuation Partitions::valuation(unsigned V) const {
  Valuation R;
  for (unsigned I = 0; I < Tracked.size(); ++I)
    R.push_back({Tracked[I], ((V >> I) & 1) != 0});
  return R;
}

std::optional<bool> Partitions::paramValue(int Param, unsigned V) const {
  for (unsigned I = 0; I < Tracked.size(); ++I)
    if (Tracked[I] == Param)
      return ((V >> I) & 1) != 0;
  return std::nullopt;
}

std::optional<bool> Partitions::argValue(const Expr *Arg, const ASTContext &Ctx, unsigned V) const {
  Arg = Arg->IgnoreParenImpCasts();
  bool B;
  if (!Arg->isValueDependent() && Arg->EvaluateAsBooleanCondition(B, Ctx))
    return B;
  if (const auto *DR = dyn_cast<DeclRefExpr>(Arg))
    for (unsigned P = 0; P < FD->getNumParams(); ++P)
      if (FD->getParamDecl(P) == DR->getDecl())
        if (auto Val = paramValue(P, V))
          return *Val;
  return std::nullopt;
}

std::vector<std::vector<unsigned>> Partitions::imbalanceGroups() const {
  unsigned BoolMask = 0;
  for (unsigned I = 0; I < Tracked.size(); ++I)
    if (FD->getParamDecl(Tracked[I])->getType()->isBooleanType())
      BoolMask |= 1u << I;
  std::map<unsigned, std::vector<unsigned>> G;
  for (unsigned V = 0; V < count(); ++V)
    G[V & BoolMask].push_back(V);
  std::vector<std::vector<unsigned>> Out;
  for (auto &KV : G)
    Out.push_back(KV.second);
  return Out;
}
