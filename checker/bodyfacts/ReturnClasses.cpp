#include "bodyfacts/ReturnClasses.h"

#include "facts/Places.h"
#include "facts/ValueTests.h"

#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <set>

using namespace clang;
using namespace rcuctx;

/// The classes of `!x` when x is in Mask.
static uint8_t negated(uint8_t Mask) {
  return uint8_t(((Mask & VC_Zero) ? VC_Valid : 0) | ((Mask & (VC_Error | VC_Valid | VC_Const)) ? VC_Zero : 0));
}

/// The classes of a returned E: an error for `PTR_ERR(x)` (or `ERR_PTR(x)`,
/// `ERR_CAST(x)`) where the path tested x to be one (`if (IS_ERR(hash))
/// return PTR_ERR(hash);`, net/ipv4/tcp_sigpool.c), else what its form says.
/// Returned as Type (the function's return type): an error stays one in a
/// pointer or a signed integer of 32 bits or more, as a store's does
/// (ValueSplitTransfer::storedClass); a bool or a u8 of it is not.
static uint8_t knownErrorOr(const Expr *E, QualType Type, const ContextState &St, const ASTContext &Ctx) {
  if (holdsError(Type, Ctx) && givesKnownError(dyn_cast<CallExpr>(E->IgnoreParenCasts()), St, Ctx))
    return VC_Error;
  return classesOfReturned(E, Ctx);
}

static void classifyReturn(const ReturnPath &R, const ASTContext &Ctx, std::vector<ReturnPath> &Out) {
  if (!R.Value) {
    Out.push_back(R);
    return;
  }
  bool Neg;
  const Expr *C = stripNot(R.Value, Neg);
  const void *H = valueHolder(C);
  auto It = H ? R.St.Splits.find(H) : R.St.Splits.end();
  if (It == R.St.Splits.end()) {
    ReturnPath P = R;
    P.Classes = Neg ? classesOfReturned(R.Value, Ctx) : knownErrorOr(C, R.Value->getType(), R.St, Ctx);
    if (auto K = constantValueOf(R.Value, Ctx); K && *K != 0)
      P.Const = K;
    Out.push_back(std::move(P));
    return;
  }
  const ValueSplit &S = It->second;
  // What the split knows of the value replaces what its form says.
  uint8_t Possible = S.Known ? S.Known : classesOfReturned(C, Ctx);
  if (S.Joined.empty()) {
    // A local tested on the way: only its classes, the state as it is
    // (its named constant in its class, or the path's constant).
    ReturnPath P = R;
    uint8_t Fold = uint8_t((Possible & VC_All) | ((Possible & VC_Const) && S.Const ? baseClassOf(*S.Const) : 0));
    P.Classes = Neg ? negated(Fold) : Fold;
    if (!Neg && Possible == VC_Const && S.Const)
      P.Const = S.Const;
    Out.push_back(std::move(P));
    return;
  }
  for (unsigned I = 0; I < ValueClassSlots; ++I) {
    uint8_t Bit = uint8_t(1u << I);
    if (!(Possible & Bit))
      continue;
    ReturnPath P = R;
    P.St.refineBy(H, Bit);
    P.Classes = Neg ? negated(Bit) : Bit;
    // The split's constant, returned as it is: the path's constant, in
    // the class of its value (carveConstant() decides whether it stays
    // apart); `return !ret` is 0 there.
    if (Bit == VC_Const && !Neg && S.Const) {
      P.Const = S.Const;
      P.Classes = baseClassOf(*S.Const);
    }
    P.Expanded = true;
    // An error class a callee's split or a pointer's NULL test only says is
    // possible (non-NULL includes ERR_PTR()), not one the function gave.
    P.PossibleOnly = S.Site.isValid() || C->getType()->isPointerType();
    Out.push_back(std::move(P));
  }
}

/// Steps from a returned expression to the value it gives: parentheses,
/// implicit casts and statement expressions' last expressions, each step
/// recorded in Chain.
static const Expr *givenValue(const Expr *E, llvm::SmallPtrSetImpl<const Stmt *> &Chain) {
  while (E) {
    Chain.insert(E);
    if (const auto *PE = dyn_cast<ParenExpr>(E)) {
      E = PE->getSubExpr();
    } else if (const auto *IC = dyn_cast<ImplicitCastExpr>(E)) {
      E = IC->getSubExpr();
    } else if (const auto *SE = dyn_cast<StmtExpr>(E)) {
      const Expr *Last = stmtExprValue(SE);
      if (!Last)
        return E;
      E = Last;
    } else {
      return E;
    }
  }
  return E;
}

/// Whether the CFG element S is the arm expression Arm (or what it wraps).
static bool isArm(const Stmt *S, const Expr *Arm) {
  return S == Arm || S == Arm->IgnoreParens() || S == Arm->IgnoreParenImpCasts();
}

/// The last statement element of B, if any.
static const Stmt *lastStmt(const CFGBlock *B) {
  for (auto It = B->rbegin(); It != B->rend(); ++It)
    if (auto CS = It->getAs<CFGStmt>())
      return CS->getStmt();
  return nullptr;
}

const Expr *rcuctx::armOf(const CFGBlock *P, const ConditionalOperator *CO) {
  const Stmt *Last = lastStmt(P);
  if (!Last)
    return nullptr;
  if (isArm(Last, CO->getTrueExpr()))
    return CO->getTrueExpr();
  if (isArm(Last, CO->getFalseExpr()))
    return CO->getFalseExpr();
  return nullptr;
}

const ConditionalOperator *rcuctx::returnedConditional(const CFGBlock *B) {
  if (!B || B->pred_size() < 2)
    return nullptr;
  const ReturnStmt *RS = nullptr;
  for (auto It = B->rbegin(); It != B->rend() && !RS; ++It)
    if (auto CS = It->getAs<CFGStmt>())
      RS = dyn_cast<ReturnStmt>(CS->getStmt());
  if (!RS || !RS->getRetValue())
    return nullptr;
  llvm::SmallPtrSet<const Stmt *, 8> Chain;
  const auto *CO = dyn_cast_or_null<ConditionalOperator>(givenValue(RS->getRetValue(), Chain));
  if (!CO)
    return nullptr;
  // The block holds the join of the arms and nothing else: the
  // conditional, what wraps it, the `return` (no call after the join
  // whose effect the arms' states would miss).
  for (const CFGElement &E : *B) {
    auto CS = E.getAs<CFGStmt>();
    if (!CS || (!Chain.count(CS->getStmt()) && CS->getStmt() != RS))
      return nullptr;
  }
  for (const CFGBlock *P : B->preds())
    if (P && !P->hasNoReturnElement() && !armOf(P, CO))
      return nullptr; // an arm this reading does not place (nested, short-circuit)
  return CO;
}

/// R split by the arms of the conditional it returns, or empty.
static std::vector<ReturnPath> armsOf(const ReturnPath &R, const FixpointView &Fix, unsigned V) {
  const ConditionalOperator *CO = returnedConditional(R.Block);
  if (!CO)
    return {};
  std::vector<ReturnPath> Out;
  for (const CFGBlock *P : R.Block->preds()) {
    if (!P || P->hasNoReturnElement())
      continue;
    PState St = Fix.edgeInto(P, R.Block, V);
    if (!St)
      continue;
    ReturnPath A = R;
    A.St = std::move(*St);
    A.Value = armOf(P, CO);
    Out.push_back(std::move(A));
  }
  return Out;
}

std::vector<std::vector<ReturnPath>>
rcuctx::byConditionalArms(const std::vector<std::vector<ReturnPath>> &Returns,
                          const FixpointView &Fix) {
  std::vector<std::vector<ReturnPath>> Out(Returns.size());
  for (unsigned V = 0; V < Returns.size(); ++V)
    for (const ReturnPath &R : Returns[V]) {
      std::vector<ReturnPath> Arms = armsOf(R, Fix, V);
      if (Arms.empty())
        Out[V].push_back(R);
      else
        Out[V].insert(Out[V].end(), Arms.begin(), Arms.end());
    }
  return Out;
}

std::vector<std::vector<ReturnPath>>
rcuctx::byReturnedClass(const std::vector<std::vector<ReturnPath>> &Returns, const ASTContext &Ctx) {
  std::vector<std::vector<ReturnPath>> Out(Returns.size());
  for (size_t V = 0; V < Returns.size(); ++V)
    for (const ReturnPath &R : Returns[V])
      classifyReturn(R, Ctx, Out[V]);
  return Out;
}

uint8_t rcuctx::returnedClasses(const FunctionDecl *FD,
                                const std::vector<std::vector<ReturnPath>> &Returns) {
  // Pointers only: an integer's classes (0 or -errno) are what every caller
  // already assumes, and a split at each of its many calls would cost more
  // than it tells. Not ERR_PTR() and friends: their bodies are casts.
  // Nor a __weak definition: another may replace it at link time (an arch's
  // `return NULL;` default).
  if (!FD->getReturnType()->isPointerType() || FD->isWeak() ||
      (FD->getIdentifier() && makesErrorPointer(FD->getName())))
    return VC_All;
  // What each return gives for sure (not the form's guess that a pointer
  // is an object: a caller would drop its IS_ERR() branch on it).
  uint8_t Mask = 0;
  for (const std::vector<ReturnPath> &V : Returns)
    for (const ReturnPath &R : V) {
      Mask |= soundReturnClasses(R.Value, R.St, FD->getASTContext());
      if (Mask == VC_All)
        return VC_All;
    }
  // No return (it never returns, or a recursion's first round): unknown.
  return Mask ? Mask : uint8_t(VC_All);
}

/// The context a path leaves: what callers compose.
static ContextState contextOf(const ContextState &St) {
  ContextState C;
  C.Counters = St.Counters;
  C.Locks = St.Locks;
  C.LockSpins = St.LockSpins;
  return C;
}

/// A lock state as a caller that does not hold the lock sees it: "as at
/// entry" is not held there (a lock the function takes itself: its callers
/// do not hold it, or they would deadlock).
static LockSet forFreeCaller(LockSet L) {
  return L.has(LB_Entry) ? LockSet::of(uint8_t((L.Bits & ~LB_Entry) | LB_Unheld)) : L;
}

/// Whether two exits leave the same context for callers: the depths, and
/// each lock's state, "as at entry" read as "not held" where EntryIsFree
/// says the function takes the lock itself (prepare_bprm_creds() returns
/// -ERESTARTNOINTR as at entry and -ENOMEM after its unlock: one context).
static bool sameForCallers(const ContextState &A, const ContextState &B,
                           const std::function<bool(const std::string &)> &EntryIsFree) {
  if (!(A.Counters == B.Counters))
    return false;
  std::set<std::string> Keys;
  for (auto &KV : A.Locks)
    Keys.insert(KV.first);
  for (auto &KV : B.Locks)
    Keys.insert(KV.first);
  for (const std::string &K : Keys) {
    LockSet LA = A.lock(K), LB = B.lock(K);
    if (EntryIsFree && EntryIsFree(K)) {
      LA = forFreeCaller(LA);
      LB = forFreeCaller(LB);
    }
    if (LA != LB)
      return false;
  }
  return true;
}

void rcuctx::carveConstant(std::vector<std::vector<ReturnPath>> &Classed, bool ReturnsPointer,
                           const std::function<bool(const std::string &)> &EntryIsFree) {
  // Candidates: the constants returned, in the order first seen.
  std::vector<int64_t> Candidates;
  for (const std::vector<ReturnPath> &V : Classed)
    for (const ReturnPath &R : V)
      if (R.Const && R.Classes == baseClassOf(*R.Const) &&
          std::find(Candidates.begin(), Candidates.end(), *R.Const) == Candidates.end())
        Candidates.push_back(*R.Const);
  std::optional<int64_t> Best;
  size_t BestPaths = 0;
  for (int64_t K : Candidates) {
    uint8_t Base = baseClassOf(K);
    bool Tells = false, Uniform = true;
    for (const std::vector<ReturnPath> &V : Classed) {
      std::optional<ContextState> Mine;
      std::vector<ContextState> Rest;
      for (const ReturnPath &R : V) {
        if (!(R.Classes & Base))
          continue;
        bool IsK = R.Const == K && R.Classes == Base;
        // Every other path of the class surely is not K: another constant,
        // or an object where K is a pointer token (SEQ_START_TOKEN is no
        // object's address). An error code from elsewhere may be K.
        if (!IsK && (R.Classes != Base || !(R.Const || (ReturnsPointer && Base == VC_Valid))))
          Uniform = false;
        ContextState C = contextOf(R.St);
        if (!IsK)
          Rest.push_back(std::move(C));
        else if (!Mine)
          Mine = std::move(C);
        else if (!sameForCallers(*Mine, C, EntryIsFree))
          Uniform = false;
      }
      // Apart in this partition: the constant's paths agree, and each other
      // path of its class leaves another context (those may differ among
      // themselves: a caller's lock as at entry, or dropped and retaken).
      if (Mine && !Rest.empty()) {
        bool AllDiffer = true;
        for (const ContextState &C : Rest)
          AllDiffer &= !sameForCallers(*Mine, C, EntryIsFree);
        Tells |= AllDiffer;
      }
    }
    if (!Tells || !Uniform)
      continue;
    // One named constant per function: of those that would do, the one
    // returned on the fewest paths -- the exception (validate_request()'s
    // one -EINTR, not its several -ENOENT that keep the mutex).
    size_t Paths = 0;
    for (const std::vector<ReturnPath> &V : Classed)
      for (const ReturnPath &R : V)
        Paths += R.Const == K && R.Classes == Base;
    if (!Best || Paths < BestPaths) {
      Best = K;
      BestPaths = Paths;
    }
  }
  if (!Best)
    return;
  for (std::vector<ReturnPath> &V : Classed)
    for (ReturnPath &R : V)
      if (R.Const == Best && R.Classes == baseClassOf(*Best))
        R.Classes = VC_Const;
}

std::vector<ClassExit> rcuctx::classExitsOf(const std::vector<std::vector<ReturnPath>> &Classed,
                                            const Partitions &Parts) {
  std::vector<ClassExit> Out;
  // Partitions whose returns leave one context: kept only if some other
  // partition's classes differ, and then all of them (epoll_mutex_lock()
  // returns 0 with the lock when it may block, 0 or -EAGAIN otherwise: a
  // caller that passes `false` learns the value is 0).
  std::vector<ClassExit> Narrowed;
  // Also kept where the classes differ only across partitions (`if
  // (m->state) { unlock(); return 1; } return 0;` with `m->state` a mode): a
  // caller that cannot tell the partitions apart still tells the classes
  // apart, as it would if the function had no modes.
  std::optional<ContextState> Across[ValueClassSlots];
  // The function's named constant (carveConstant()): every exit names it,
  // so a caller whose call picks partitions that never return it knows
  // that too.
  std::optional<int64_t> Named;
  for (const std::vector<ReturnPath> &V : Classed)
    for (const ReturnPath &R : V)
      if (R.Classes == VC_Const && R.Const)
        Named = R.Const;
  for (unsigned V = 0; V < Classed.size(); ++V) {
    std::optional<ContextState> Per[ValueClassSlots];
    for (const ReturnPath &R : Classed[V])
      for (unsigned I = 0; I < ValueClassSlots; ++I)
        if ((R.Classes & (1u << I)) && (I != 3 || R.Const))
          Per[I] = Per[I] ? Per[I]->join(R.St) : R.St;
    // Only the context: what callers compose.
    unsigned Present = 0;
    for (auto &P : Per)
      if (P) {
        P = contextOf(*P);
        ++Present;
      }
    for (unsigned I = 0; I < ValueClassSlots; ++I)
      if (Per[I])
        Across[I] = Across[I] ? Across[I]->join(*Per[I]) : *Per[I];
    bool Differ = false;
    for (unsigned I = 0; I < ValueClassSlots; ++I)
      for (unsigned J = I + 1; J < ValueClassSlots; ++J)
        Differ |= Per[I] && Per[J] && !Per[I]->sameValue(*Per[J]);
    // A partition of all three classes in one context goes in too, so a
    // call whose modes match it and a narrowed one never reads the narrowed
    // classes as all there are.
    std::vector<ClassExit> &To = Differ ? Out : Narrowed;
    if (Present == 0)
      continue;
    for (unsigned I = 0; I < ValueClassSlots; ++I)
      if (Per[I])
        To.push_back({Parts.valuation(V), uint8_t(1u << I), *Per[I], Named.value_or(0)});
  }
  bool DifferAcross = false;
  for (unsigned I = 0; I < ValueClassSlots; ++I)
    for (unsigned J = I + 1; J < ValueClassSlots; ++J)
      DifferAcross |= Across[I] && Across[J] && !Across[I]->sameValue(*Across[J]);
  if (!Out.empty() || DifferAcross)
    Out.insert(Out.end(), Narrowed.begin(), Narrowed.end());
  return Out;
}
