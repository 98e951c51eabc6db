#include "dataflow/Partitions.h"

#include "facts/Places.h"

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <algorithm>
#include <map>

using namespace clang;
using namespace rcuctx;

/// Parameters the body assigns or takes the address of: not modes, their
/// value may change.
static std::vector<unsigned> assignedParams(const FunctionDecl *FD) {
  std::vector<unsigned> Out;
  std::vector<const Stmt *> Work{FD->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    const Expr *Target = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
      Target = BO->getLHS();
    else if (const auto *UO = dyn_cast<UnaryOperator>(S);
             UO && (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf))
      Target = UO->getSubExpr(); // changed here, or through its address
    if (Target)
      if (const auto *DR = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()))
        for (unsigned I = 0; I < FD->getNumParams(); ++I)
          if (FD->getParamDecl(I) == DR->getDecl())
            Out.push_back(I);
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  return Out;
}

static std::optional<unsigned> paramIndex(const FunctionDecl *FD, const Expr *E) {
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      if (FD->getParamDecl(I) == DR->getDecl() && FD->getParamDecl(I)->getType()->isIntegerType() &&
          I < (unsigned)ModeParams)
        return I;
  return std::nullopt;
}

static std::optional<int64_t> constantOf(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  std::optional<int64_t> V = R.Val.getInt().tryExtValue();
  if (!V || *V < 0 || *V >= ModeConstantLimit)
    return std::nullopt;
  return *V;
}

std::optional<int> rcuctx::equalityMode(const FunctionDecl *FD, const Expr *Cond, bool &Equal) {
  const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
  if (!BO || (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE))
    return std::nullopt;
  Equal = BO->getOpcode() == BO_EQ;
  const ASTContext &Ctx = FD->getASTContext();
  for (auto [P, C] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}})
    if (auto I = paramIndex(FD, P); I && !FD->getParamDecl(*I)->getType()->isBooleanType())
      if (auto V = constantOf(C, Ctx))
        return modeEquals(*I, *V);
  return std::nullopt;
}

std::optional<unsigned> rcuctx::switchedParam(const FunctionDecl *FD, const SwitchStmt *Sw) {
  return Sw->getCond() ? paramIndex(FD, Sw->getCond()) : std::nullopt;
}

std::optional<int64_t> rcuctx::caseConstant(const CaseStmt *Case, const ASTContext &Ctx) {
  if (Case->caseStmtIsGNURange())
    return std::nullopt;
  return constantOf(Case->getLHS(), Ctx);
}

/// The body's tests of its parameters: integer parameters a condition tests
/// directly (`if (flags)`), and equalities with constants -- `if (reg ==
/// C)`, and the cases of a `switch (reg)` with at most two of them (a big
/// dispatch switch is not a mode: its cases would not fit the partitions).
static void testedModes(const FunctionDecl *FD, const std::vector<unsigned> &Assigned,
                        std::vector<int> &Truths, std::vector<int> &Equalities) {
  const ASTContext &Ctx = FD->getASTContext();
  auto Add = [](std::vector<int> &To, int Key) {
    if (std::find(To.begin(), To.end(), Key) == To.end())
      To.push_back(Key);
  };
  std::vector<const Stmt *> Work{FD->getBody()};
  auto Consider = [&](const Expr *Cond) {
    if (!Cond)
      return;
    bool Neg, Equal;
    const Expr *C = stripNot(Cond, Neg);
    if (isa<DeclRefExpr>(C)) {
      if (auto I = paramIndex(FD, C))
        Add(Truths, *I);
    } else if (auto K = equalityMode(FD, C, Equal)) {
      Add(Equalities, *K);
    }
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
    else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
      if (auto P = switchedParam(FD, Sw)) {
        std::vector<int> Cases;
        bool Ok = true;
        for (const SwitchCase *SC = Sw->getSwitchCaseList(); SC && Ok; SC = SC->getNextSwitchCase())
          if (const auto *Case = dyn_cast<CaseStmt>(SC)) {
            auto V = caseConstant(Case, Ctx);
            Ok = V.has_value();
            if (Ok)
              Cases.push_back(modeEquals(*P, *V));
          }
        if (Ok && Cases.size() <= 2)
          for (int K : Cases)
            Add(Equalities, K);
      }
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  for (unsigned I : Assigned) {
    Truths.erase(std::remove(Truths.begin(), Truths.end(), (int)I), Truths.end());
    Equalities.erase(std::remove_if(Equalities.begin(), Equalities.end(),
                                    [&](int K) { return modeParam(K) == I; }),
                     Equalities.end());
  }
  std::sort(Truths.begin(), Truths.end());
}

Partitions::Partitions(const FunctionDecl *FD) : FD(FD) {
  // `bool shared` first, then integer parameters the body tests directly,
  // then equalities with constants; at most three in all.
  for (unsigned I = 0; I < FD->getNumParams() && I < (unsigned)ModeParams && Tracked.size() < 3; ++I)
    if (FD->getParamDecl(I)->getType()->isBooleanType())
      Tracked.push_back(I);
  Assigned = assignedParams(FD);
  std::vector<int> Truths, Equalities;
  testedModes(FD, Assigned, Truths, Equalities);
  for (std::vector<int> *From : {&Truths, &Equalities})
    for (int K : *From)
      if (Tracked.size() < 3 && std::find(Tracked.begin(), Tracked.end(), K) == Tracked.end())
        Tracked.push_back(K);
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
    for (unsigned P = 0; P < FD->getNumParams() && P < (unsigned)ModeParams; ++P)
      if (FD->getParamDecl(P) == DR->getDecl())
        if (auto Val = paramValue(P, V))
          return *Val;
  return std::nullopt;
}

std::optional<bool> Partitions::modeValue(int Key, const CallExpr *CE, const ASTContext &Ctx,
                                          unsigned V) const {
  unsigned P = modeParam(Key);
  if (P >= CE->getNumArgs())
    return std::nullopt;
  const Expr *Arg = CE->getArg(P);
  int64_t C = modeConstant(Key);
  if (C < 0)
    return argValue(Arg, Ctx, V);
  // Evaluated with its conversion to the parameter's type (-1 passed to a
  // u8 is 255).
  if (auto Val = constantOf(Arg, Ctx))
    return *Val == C;
  Expr::EvalResult R;
  if (!Arg->isValueDependent() && Arg->EvaluateAsInt(R, Ctx))
    return false; // a constant no key can hold: not C
  // This function's own parameter passed on, with the same equality tracked.
  if (auto Q = paramIndex(FD, Arg))
    return paramValue(modeEquals(*Q, C), V);
  return std::nullopt;
}

std::optional<unsigned> Partitions::passedParam(const Expr *Arg) const {
  auto P = paramIndex(FD, Arg);
  if (P && std::find(Assigned.begin(), Assigned.end(), *P) != Assigned.end())
    return std::nullopt; // `reg = xlate(reg)`: no longer what the caller passed
  return P;
}

bool Partitions::feasible(unsigned V) const {
  // Per parameter: the constant it equals, if some equality is true here.
  std::map<unsigned, int64_t> Equals;
  for (unsigned I = 0; I < Tracked.size(); ++I) {
    int64_t C = modeConstant(Tracked[I]);
    bool Value = ((V >> I) & 1) != 0;
    if (C < 0 || !Value)
      continue;
    auto [It, New] = Equals.insert({modeParam(Tracked[I]), C});
    if (!New && It->second != C)
      return false; // reg == 1 and reg == 2
  }
  for (unsigned I = 0; I < Tracked.size(); ++I) {
    if (modeConstant(Tracked[I]) >= 0)
      continue;
    auto It = Equals.find(modeParam(Tracked[I]));
    if (It != Equals.end() && (It->second != 0) != (((V >> I) & 1) != 0))
      return false; // `if (flags)` false, yet flags == 5
  }
  return true;
}

std::vector<std::vector<unsigned>> Partitions::imbalanceGroups() const {
  unsigned BoolMask = 0;
  for (unsigned I = 0; I < Tracked.size(); ++I)
    if (modeConstant(Tracked[I]) >= 0 || FD->getParamDecl(Tracked[I])->getType()->isBooleanType())
      BoolMask |= 1u << I;
  std::map<unsigned, std::vector<unsigned>> G;
  for (unsigned V = 0; V < count(); ++V)
    G[V & BoolMask].push_back(V);
  std::vector<std::vector<unsigned>> Out;
  for (auto &KV : G)
    Out.push_back(KV.second);
  return Out;
}
