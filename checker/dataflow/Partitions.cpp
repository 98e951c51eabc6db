// Which modes a function has: the parameters, bits and const-object fields
// its body tests or hands to a callee's mode (dataflow/Partitions.h), and
// the partitions' own queries. Their evaluation at a call is in
// PartitionArgs.cpp; the expression readers both use are in ModeExprs.

#include "dataflow/Partitions.h"

#include "dataflow/BodyWrites.h"
#include "dataflow/LocalFields.h"
#include "dataflow/ModeExprs.h"

#include "facts/Places.h"
#include "summaries/Summary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <algorithm>
#include <map>

using namespace clang;
using namespace rcuctx;

/// A call to a one-line predicate on one bit of its parameter
/// (`gfpflags_allow_blocking(gfp)`: `return !!(gfp_flags &
/// __GFP_DIRECT_RECLAIM);`): the argument it tests and the bit; Positive is
/// false where it returns the bit's negation.
static std::optional<std::pair<const Expr *, unsigned>> predicateBit(const CallExpr *CE, bool &Positive) {
  const FunctionDecl *F = CE->getDirectCallee();
  const FunctionDecl *Def = nullptr;
  if (!F || !F->hasBody(Def))
    return std::nullopt;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  const auto *Ret = Body && Body->size() == 1 ? dyn_cast<ReturnStmt>(Body->body_front()) : nullptr;
  if (!Ret || !Ret->getRetValue())
    return std::nullopt;
  bool Neg;
  auto K = bitModeOf(Def, stripNot(Ret->getRetValue(), Neg));
  if (!K || modeParam(*K) >= CE->getNumArgs())
    return std::nullopt;
  // A narrower integer result would drop the bit (`u8 f(u64 x) { return x &
  // BIT(40); }` is always 0).
  QualType RT = Def->getReturnType();
  if (!RT->isBooleanType() && (!RT->isIntegerType() || modeBitIndex(*K) >= Def->getASTContext().getTypeSize(RT)))
    return std::nullopt;
  Positive = !Neg;
  return std::pair{CE->getArg(modeParam(*K)), modeBitIndex(*K)};
}

std::optional<int> rcuctx::conditionMode(const FunctionDecl *FD, const Expr *Cond, bool &Positive,
                                         const ParamAliases *Aliases) {
  const Expr *C = Cond->IgnoreParenImpCasts();
  if (auto K = equalityMode(FD, C, Positive, Aliases))
    return K;
  Positive = true;
  if (auto K = bitModeOf(FD, C, Aliases))
    return K;
  // `gfpflags_allow_blocking(gfp)`: a bit of this function's parameter.
  if (const auto *CE = dyn_cast<CallExpr>(C)) {
    auto PB = predicateBit(CE, Positive);
    auto I = PB ? intParamOf(FD, PB->first, Aliases) : std::nullopt;
    if (I && !FD->getParamDecl(*I)->getType()->isBooleanType())
      return modeBit(*I, PB->second);
    Positive = true;
    return std::nullopt;
  }
  // `if (vms->unlock)`: the field's truth, true where `f == 0` is false.
  if (auto PF = paramFieldOf(FD, C, /*AnyPointer=*/true)) {
    Positive = false;
    return modeFieldEquals(PF->first, PF->second, 0);
  }
  const auto *BO = dyn_cast<BinaryOperator>(C);
  if (!BO || (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE))
    return std::nullopt;
  const ASTContext &Ctx = FD->getASTContext();
  for (auto [X, Y] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}}) {
    auto V = modeConstantOf(Y, Ctx);
    if (!V)
      continue;
    Positive = BO->getOpcode() == BO_EQ;
    if (auto PF = paramFieldOf(FD, X, /*AnyPointer=*/true); PF && *V < ModeFieldConstants)
      return modeFieldEquals(PF->first, PF->second, *V);
    if (*V == 0)
      if (auto K = bitModeOf(FD, X, Aliases)) { // `(flags & BIT) != 0`
        Positive = !Positive;
        return K;
      }
  }
  return std::nullopt;
}

std::vector<int> rcuctx::maskMode(const FunctionDecl *FD, const Expr *Cond, bool &Positive,
                                  const ParamAliases *Aliases) {
  const Expr *C = Cond->IgnoreParenImpCasts();
  Positive = true;
  if (std::vector<int> Bits = maskModesOf(FD, C, Aliases); !Bits.empty())
    return Bits;
  // `(flags & (A | B)) != 0`, `== 0`.
  const auto *BO = dyn_cast<BinaryOperator>(C);
  if (!BO || (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE))
    return {};
  for (auto [X, Y] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}})
    if (auto V = modeConstantOf(Y, FD->getASTContext()); V && *V == 0)
      if (std::vector<int> Bits = maskModesOf(FD, X, Aliases); !Bits.empty()) {
        Positive = BO->getOpcode() == BO_NE;
        return Bits;
      }
  return {};
}

std::optional<bool> Partitions::anyBitValue(const std::vector<int> &Bits, unsigned V) const {
  bool AllClear = true;
  for (int K : Bits) {
    std::optional<bool> B = paramValue(K, V);
    if (B && *B)
      return true;
    AllClear &= B.has_value();
  }
  return AllClear ? std::optional<bool>(false) : std::nullopt;
}

std::optional<int> rcuctx::equalityMode(const FunctionDecl *FD, const Expr *Cond, bool &Equal,
                                        const ParamAliases *Aliases) {
  const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
  if (!BO || (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE))
    return std::nullopt;
  Equal = BO->getOpcode() == BO_EQ;
  const ASTContext &Ctx = FD->getASTContext();
  for (auto [P, C] : {std::pair{BO->getLHS(), BO->getRHS()}, std::pair{BO->getRHS(), BO->getLHS()}})
    if (auto I = intParamOf(FD, P, Aliases); I && !FD->getParamDecl(*I)->getType()->isBooleanType())
      if (auto V = modeConstantOf(C, Ctx))
        return modeEquals(*I, *V);
  return std::nullopt;
}

std::optional<unsigned> rcuctx::switchedParam(const FunctionDecl *FD, const SwitchStmt *Sw,
                                              const ParamAliases *Aliases) {
  return Sw->getCond() ? intParamOf(FD, Sw->getCond(), Aliases) : std::nullopt;
}

std::optional<int64_t> rcuctx::caseConstant(const CaseStmt *Case, const ASTContext &Ctx) {
  if (Case->caseStmtIsGNURange())
    return std::nullopt;
  return modeConstantOf(Case->getLHS(), Ctx);
}

/// Whether S calls a function that changes what is held (ChangesContext);
/// memoised per statement (an else-if chain asks about nested branches).
static bool callsContextChange(const Stmt *S, const CalleeChangesContext &ChangesContext,
                               std::map<const Stmt *, bool> &Memo) {
  if (!S)
    return false;
  auto [It, New] = Memo.try_emplace(S, false);
  if (!New)
    return It->second;
  bool R = false;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = CE->getDirectCallee(); Callee && ChangesContext(Callee))
      R = true;
  for (const Stmt *C : S->children())
    if (!R && callsContextChange(C, ChangesContext, Memo))
      R = true;
  return It->second = R; // (map iterators survive the inserts above)
}

/// The body's tests of its parameters: integer parameters a condition tests
/// directly (`if (flags)`) or one bit of (`flags & BIT`), and equalities with
/// constants -- `if (reg == C)`, `ops->f == C`, and the cases of a `switch
/// (reg)` with at most three of them; of a bigger one, those whose constants
/// the file's calls pass (CallsPass), in source order (a dispatch switch on a
/// value no call here passes is not a mode: its cases would not fit the
/// partitions). With Lookup, also what the body hands
/// to a callee's mode: `ops->f` to an equality (process_mm_walk_lock(mm,
/// ops->walk_lock)), and a pointer parameter to a field mode.
///
/// A field of a plain (not const) object is a mode only where its test
/// guards a call that takes or drops a lock or section (`if (vms->unlock)
/// mmap_read_unlock(mm);`, 6.12's vms_complete_munmap_vmas()): the object
/// then carries the caller's direction, as a `bool unlock` parameter would.
/// Elsewhere such a field is state that changes under calls and other
/// threads, and a partition per value would hide real imbalances.
struct TestedModes {
  std::vector<int> Truths, Bits, Equalities;
  std::vector<std::vector<int>> Masks; // the bits of `flags & (A | B)`: all of them, or none
  std::vector<int> Guards; // plain objects' fields that direct a lock call
};

static TestedModes testedModes(const FunctionDecl *FD, const BodyWrites &W, const ParamAliases &Aliases,
                               const CalleeSummaryLookup *Lookup,
                               const CalleeChangesContext *ChangesContext,
                               const PassedConstants *CallsPass) {
  const ASTContext &Ctx = FD->getASTContext();
  TestedModes Out;
  auto Add = [](std::vector<int> &To, int Key) {
    if (std::find(To.begin(), To.end(), Key) == To.end())
      To.push_back(Key);
  };
  auto AddKey = [&](int K) {
    switch (modeKind(K)) {
    case ModeKind::Truth:
      return Add(Out.Truths, K);
    case ModeKind::Bit:
      return Add(Out.Bits, K);
    default:
      return Add(Out.Equalities, K);
    }
  };
  std::vector<const Stmt *> Work{FD->getBody()};
  // Whether an if's branches call a lock or section change: asked only for
  // a condition on a plain object's field, so a body of many ifs is not
  // walked once per enclosing if.
  std::map<const Stmt *, bool> Memo;
  auto Guards = [&](const IfStmt *If) {
    return If && ChangesContext && *ChangesContext &&
           (callsContextChange(If->getThen(), *ChangesContext, Memo) ||
            callsContextChange(If->getElse(), *ChangesContext, Memo));
  };
  std::function<void(const Expr *, const IfStmt *)> Consider = [&](const Expr *Cond, const IfStmt *Guarding) {
    if (!Cond)
      return;
    bool Neg, Positive;
    const Expr *C = stripNot(Cond, Neg);
    // `if (t == NULL && !gfpflags_allow_blocking(gfp))`: each operand is a
    // test of its own (the CFG gives it its own branch).
    if (const auto *BO = dyn_cast<BinaryOperator>(C); BO && BO->isLogicalOp()) {
      Consider(BO->getLHS(), Guarding);
      Consider(BO->getRHS(), Guarding);
      return;
    }
    if (isa<DeclRefExpr>(C)) {
      if (auto I = intParamOf(FD, C, &Aliases))
        AddKey(*I);
    } else if (std::vector<int> Mask = maskMode(FD, C, Positive, &Aliases); !Mask.empty()) {
      // `rpmflags & (RPM_ASYNC | RPM_NOWAIT)`: each bit a mode, all of them
      // or none (with one missing, the test is never false).
      if (std::find(Out.Masks.begin(), Out.Masks.end(), Mask) == Out.Masks.end())
        Out.Masks.push_back(Mask);
    } else if (auto K = conditionMode(FD, C, Positive, &Aliases)) {
      // A field's bare truth, or any test of a plain object's field: only
      // where it directs a lock call (above).
      bool Plain = modeKind(*K) == ModeKind::FieldEquals &&
                   (isa<MemberExpr>(C->IgnoreParenImpCasts()) ||
                    !FD->getParamDecl(modeParam(*K))->getType()->getPointeeType().isConstQualified());
      if (!Plain)
        AddKey(*K);
      else if (Guards(Guarding))
        Add(Out.Guards, *K);
    }
  };
  // A callee's mode fed by one of this function's parameters (or a field of
  // one) is a mode here too.
  auto CalleeModeFedHere = [&](const CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    const Summary *S = Callee ? (*Lookup)(Callee) : nullptr;
    if (!S)
      return;
    for (int K : S->modeKeys()) {
      unsigned I = modeParam(K);
      if (I >= CE->getNumArgs())
        continue;
      const Expr *Arg = CE->getArg(I)->IgnoreParenImpCasts();
      switch (modeKind(K)) {
      case ModeKind::Equals:
        if (auto PF = paramFieldOf(FD, Arg); PF && modeConstant(K) < ModeFieldConstants)
          AddKey(modeFieldEquals(PF->first, PF->second, modeConstant(K)));
        break;
      case ModeKind::FieldEquals:
        // (A plain object's field that directs the callee's lock call is
        // not taken on: its value is the caller's to know, and a mode
        // here would split every function that merely hands it on.)
        if (auto P = constPointerParamOf(FD, Arg))
          AddKey(modeFieldEquals(*P, modeField(K), modeConstant(K)));
        break;
      case ModeKind::Truth:
      case ModeKind::Bit:
        // Not followed: an integer the caller only passes on is no mode of
        // its own (as for a parameter's truth, the callee's obligation under
        // one value of it is dropped at such a call).
        break;
      }
    }
  };
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (const auto *If = dyn_cast<IfStmt>(S))
      Consider(If->getCond(), If);
    else if (const auto *CO = dyn_cast<ConditionalOperator>(S))
      Consider(CO->getCond(), nullptr);
    else if (const auto *CE = dyn_cast<CallExpr>(S); CE && Lookup && *Lookup)
      CalleeModeFedHere(CE);
    else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
      if (auto P = switchedParam(FD, Sw, &Aliases)) {
        std::vector<int> Cases, Selected;
        bool Ok = true;
        for (const SwitchCase *SC = Sw->getSwitchCaseList(); SC && Ok; SC = SC->getNextSwitchCase())
          if (const auto *Case = dyn_cast<CaseStmt>(SC)) {
            auto V = caseConstant(Case, Ctx);
            Ok = V.has_value();
            if (Ok)
              Cases.push_back(modeEquals(*P, *V));
            if (Ok && CallsPass && CallsPass->passes(FD, *P, *V))
              Selected.push_back(modeEquals(*P, *V));
          }
        if (Ok && Cases.size() <= 3)
          for (int K : Cases)
            AddKey(K);
        else if (Ok) // the list runs from the last case up
          for (auto It = Selected.rbegin(); It != Selected.rend(); ++It)
            AddKey(*It);
      }
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  auto Changed = [&](int K) {
    if (contains(W.Params, modeParam(K)))
      return true;
    return modeKind(K) == ModeKind::FieldEquals &&
           contains(W.ParamFields, std::pair{modeParam(K), modeField(K)});
  };
  for (std::vector<int> *L : {&Out.Truths, &Out.Bits, &Out.Equalities, &Out.Guards})
    L->erase(std::remove_if(L->begin(), L->end(), Changed), L->end());
  Out.Masks.erase(std::remove_if(Out.Masks.begin(), Out.Masks.end(),
                                 [&](const std::vector<int> &M) { return std::any_of(M.begin(), M.end(), Changed); }),
                  Out.Masks.end());
  // A plain object's field must also stay as the caller set it in the
  // callees this function hands the object to (`update(p)` between two
  // tests of `p->state` may change it; a function without a body here may).
  if (!Out.Guards.empty()) {
    LocalFieldStores Helpers(FD);
    Out.Guards.erase(std::remove_if(Out.Guards.begin(), Out.Guards.end(),
                                    [&](int K) {
                                      return Helpers.paramFieldWrites(FD, modeParam(K)).mayWrite(modeField(K));
                                    }),
                     Out.Guards.end());
  }
  std::sort(Out.Truths.begin(), Out.Truths.end());
  return Out;
}

Partitions::Partitions(const FunctionDecl *FD, const CalleeSummaryLookup *Lookup,
                       const CalleeChangesContext *ChangesContext, const PassedConstants *CallsPass)
    : FD(FD) {
  // `bool shared` first, then integer parameters the body tests directly,
  // then equalities with constants, then bits; at most three in all.
  for (unsigned I = 0; I < FD->getNumParams() && I < (unsigned)ModeParams && Tracked.size() < 3; ++I)
    if (FD->getParamDecl(I)->getType()->isBooleanType())
      Tracked.push_back(I);
  Writes = bodyWrites(FD);
  Aliases = paramAliases(FD, Writes);
  TestedModes T = testedModes(FD, Writes, Aliases, Lookup, ChangesContext, CallsPass);
  // Guards last: where the budget runs out, a parameter's own test wins.
  // A mask's bits after the single bits, where all of them fit.
  auto Add = [&](const std::vector<int> &From, bool Guard) {
    for (int K : From)
      if (Tracked.size() < 3 && std::find(Tracked.begin(), Tracked.end(), K) == Tracked.end()) {
        Tracked.push_back(K);
        if (Guard)
          GuardKeys.push_back(K);
      }
  };
  Add(T.Truths, false);
  // Where they do not all fit, the equalities the file's calls select go
  // first (an if-chain over five constants, two of them passed).
  if (CallsPass)
    std::stable_partition(T.Equalities.begin(), T.Equalities.end(), [&](int K) {
      return modeKind(K) == ModeKind::Equals && CallsPass->passes(FD, modeParam(K), modeConstant(K));
    });
  Add(T.Equalities, false);
  Add(T.Bits, false);
  for (const std::vector<int> &M : T.Masks) {
    size_t New = 0;
    for (int K : M)
      New += std::find(Tracked.begin(), Tracked.end(), K) == Tracked.end();
    if (Tracked.size() + New <= 3)
      Add(M, false);
  }
  Add(T.Guards, true);
}

Partitions::~Partitions() = default;

Valuation Partitions::valuation(unsigned V) const { return valuationOfBits(Tracked, V); }

std::optional<bool> Partitions::paramValue(int Key, unsigned V) const {
  for (unsigned I = 0; I < Tracked.size(); ++I)
    if (Tracked[I] == Key)
      return ((V >> I) & 1) != 0;
  // An equality not tracked is false where one with another constant holds
  // (`st == ST_B` where the partition has `st == ST_D`: an if-chain over
  // more constants than fit), for a parameter and for a field of one.
  ModeKind Kind = modeKind(Key);
  if (Kind != ModeKind::Equals && Kind != ModeKind::FieldEquals)
    return std::nullopt;
  for (unsigned I = 0; I < Tracked.size(); ++I)
    if (modeKind(Tracked[I]) == Kind && modeParam(Tracked[I]) == modeParam(Key) &&
        (Kind == ModeKind::Equals || modeField(Tracked[I]) == modeField(Key)) && ((V >> I) & 1))
      return false;
  return std::nullopt;
}

std::optional<bool> Partitions::conditionValue(const Expr *Cond, unsigned V) const {
  bool Neg, Positive;
  const Expr *C = stripNot(Cond, Neg);
  std::optional<bool> Val;
  if (const auto *DR = dyn_cast<DeclRefExpr>(C)) {
    if (auto P = intParamOf(FD, DR, &Aliases)) // only these are tracked
      Val = paramValue(*P, V);
  } else if (auto K = conditionMode(FD, C, Positive, &Aliases)) {
    if (auto M = paramValue(*K, V))
      Val = *M == Positive;
  } else if (std::vector<int> Mask = maskMode(FD, C, Positive, &Aliases); !Mask.empty()) {
    if (auto M = anyBitValue(Mask, V))
      Val = *M == Positive;
  }
  if (Val && Neg)
    Val = !*Val;
  return Val;
}

bool Partitions::feasible(unsigned V) const {
  // Per parameter (and per field of one): the constant it equals, if some
  // equality is true here.
  std::map<std::pair<unsigned, int>, int64_t> Equals;
  for (unsigned I = 0; I < Tracked.size(); ++I) {
    int K = Tracked[I];
    bool Value = ((V >> I) & 1) != 0;
    if (!Value || (modeKind(K) != ModeKind::Equals && modeKind(K) != ModeKind::FieldEquals))
      continue;
    int Field = modeKind(K) == ModeKind::FieldEquals ? (int)modeField(K) : -1;
    auto [It, New] = Equals.insert({{modeParam(K), Field}, modeConstant(K)});
    if (!New && It->second != modeConstant(K))
      return false; // reg == 1 and reg == 2
  }
  for (unsigned I = 0; I < Tracked.size(); ++I) {
    int K = Tracked[I];
    bool Value = ((V >> I) & 1) != 0;
    if (modeKind(K) != ModeKind::Truth && modeKind(K) != ModeKind::Bit)
      continue;
    auto It = Equals.find({modeParam(K), -1});
    if (It != Equals.end()) {
      bool Holds = modeKind(K) == ModeKind::Truth ? It->second != 0
                                                  : ((uint64_t(It->second) >> modeBitIndex(K)) & 1) != 0;
      if (Holds != Value)
        return false; // `if (flags)` false, yet flags == 5
    }
    // (A bit set with `flags` false is kept: callers count the valuations
    // of truth-like modes, 2^n of them, and would drop an obligation present
    // in all the partitions analysed. That partition is merely empty.)
  }
  return true;
}

std::vector<std::vector<unsigned>> Partitions::imbalanceGroups() const {
  // Only an integer parameter's truth (`err`) is a mere path of one protocol.
  unsigned BoolMask = 0;
  // A plain object's field that directs a lock call is compared too: the
  // function may take the lock itself and forget it where the field says
  // nothing should be released (`spin_lock(&f->lock); if (f->dead) {
  // spin_unlock(&f->lock); return; } work(); }`); callers still evaluate it.
  for (unsigned I = 0; I < Tracked.size(); ++I)
    if (!contains(GuardKeys, Tracked[I]) &&
        (modeKind(Tracked[I]) != ModeKind::Truth ||
         FD->getParamDecl(Tracked[I])->getType()->isBooleanType()))
      BoolMask |= 1u << I;
  std::map<unsigned, std::vector<unsigned>> G;
  for (unsigned V = 0; V < count(); ++V)
    G[V & BoolMask].push_back(V);
  std::vector<std::vector<unsigned>> Out;
  for (auto &KV : G)
    Out.push_back(KV.second);
  return Out;
}
