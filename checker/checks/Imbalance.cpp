#include "checks/Imbalance.h"

#include "bodyfacts/ReturnClasses.h"
#include "facts/Places.h"
#include "facts/SourceRangeSet.h"
#include "transfer/FlagTransfer.h"
#include "facts/StmtWalk.h"
#include "report/FindingText.h"

#include "llvm/ADT/BitVector.h"

#include <algorithm>

using namespace clang;
using namespace rcuctx;

ImbalanceCheck::Balance ImbalanceCheck::balanceOf(const ContextState &St, const std::string &K,
                                                  bool IsLock) const {
  if (IsLock) {
    LockSet S = St.lock(K);
    if (S.definitelyHeld())
      return Balance::Held;
    // "As at entry" is free where the function takes the class from its
    // entry state -- unless it also releases the caller's hold of it
    // somewhere: then its caller holds it (io_clone_buffers() drops the
    // caller's ctx->uring_lock, takes and drops src_ctx's, and retakes
    // ctx's; its early return leaves ctx's as the caller had it, held).
    if (S.only(LB_Unheld) ||
        (S.only(LB_Entry) && Rec.AcquiredFromEntry.count(K) && !Rec.ReleasesEntry.count(K)))
      return Balance::Free;
    return Balance::Other;
  }
  Interval D = St.counter(K);
  if (D.isExact() && D.Lo >= 1)
    return Balance::Held;
  if (D.isExact() && D.Lo == 0)
    return Balance::Free;
  return Balance::Other;
}

Finding ImbalanceCheck::finding(const std::string &K, bool IsLock, SourceLocation Loc,
                                const ContextState &St) const {
  Finding F;
  F.Check = CheckId::Unbalanced;
  F.Loc = Loc;
  F.Message = "returns with " + (IsLock ? quoted(K) : describeSection(K)) +
              " held on this path but not on others";
  auto A = St.LastAcquire.find(K);
  if (A != St.LastAcquire.end())
    F.Notes.push_back({A->second, IsLock ? quoted(K) + " acquired here"
                                         : sectionNoun(K) + " begins here"});
  return F;
}

/// Whether some value's classes tell the held edges from the free ones at a
/// join: every edge knows the value's classes, and no class is on both sides.
template <typename EdgeT, typename BalanceFn>
static bool toldApartByValue(const std::vector<EdgeT> &Edges, BalanceFn Balance) {
  if (Edges.empty())
    return false;
  for (auto &KV : Edges.front().St.Splits) {
    uint8_t HeldClasses = 0, FreeClasses = 0;
    bool Everywhere = true;
    for (auto &E : Edges) {
      auto It = E.St.Splits.find(KV.first);
      if (It == E.St.Splits.end()) {
        Everywhere = false;
        break;
      }
      auto B = Balance(E.St);
      if (B == decltype(B)::Held)
        HeldClasses |= It->second.Known;
      else if (B == decltype(B)::Free)
        FreeClasses |= It->second.Known;
    }
    if (Everywhere && HeldClasses && FreeClasses && !(HeldClasses & FreeClasses))
      return true;
  }
  return false;
}

void ImbalanceCheck::atJoins(const FixpointView &Fix) {
  if (!Rec.Collect || Rec.Released.empty())
    return; // only a context given up somewhere can be unbalanced
  const CFG &Cfg = *Env.Cfg;
  const CFGBlock &Exit = Cfg.getExit();
  // Keys touched anywhere from a block on (itself included) are not judged
  // at a join there: one backward pass to a fixpoint, not a walk per join.
  // Only released keys are ever judged, so only they are followed, as bits.
  std::vector<const std::string *> Judged;
  for (const std::string &K : Rec.Released)
    Judged.push_back(&K);
  std::vector<llvm::BitVector> LaterOf(Cfg.getNumBlockIDs(), llvm::BitVector(Judged.size()));
  for (unsigned Id = 0; Id < Rec.Touched.size(); ++Id)
    for (unsigned I = 0; I < Judged.size(); ++I)
      if (Rec.Touched[Id].count(*Judged[I]))
        LaterOf[Id].set(I);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (auto It = Env.Rpo.rbegin(); It != Env.Rpo.rend(); ++It) {
      const CFGBlock *X = *It;
      llvm::BitVector &L = LaterOf[X->getBlockID()];
      for (const CFGBlock *S : X->succs())
        if (S && S != X && LaterOf[S->getBlockID()].test(L)) {
          L |= LaterOf[S->getBlockID()];
          Changed = true;
        }
    }
  }
  auto TouchedLater = [&](const CFGBlock *B, const std::string &K) {
    auto It = std::lower_bound(Judged.begin(), Judged.end(), &K,
                               [](const std::string *A, const std::string *B) { return *A < *B; });
    return It != Judged.end() && **It == K && LaterOf[B->getBlockID()].test(It - Judged.begin());
  };
  const std::vector<std::vector<unsigned>> &Groups = Env.Parts.imbalanceGroups();
  for (const CFGBlock *B : Env.Rpo) {
    // (The exit, where every return meets, is the returns' to judge
    // (atReturns()); only a release made on a flag test is looked for
    // there: `if (!(o->flags & KEEP)) unlock(o); }`.)
    bool AtExit = B == &Exit;
    if (B->pred_size() < 2)
      continue;
    for (size_t G = 0; G < Groups.size(); ++G) {
      const std::vector<unsigned> &Group = Groups[G];
      struct Edge {
        const CFGBlock *From;
        ContextState St;
      };
      std::vector<Edge> Edges;
      Edges.reserve(Group.size() * B->pred_size()); // a switch's end: thousands
      for (unsigned V : Group)
        for (auto PI = B->pred_begin(); PI != B->pred_end(); ++PI) {
          const CFGBlock *P = *PI;
          if (!P || P->hasNoReturnElement())
            continue;
          if (PState E = Fix.edgeInto(P, B, V))
            Edges.push_back({P, std::move(*E)});
        }
      std::set<std::string> Keys;
      for (auto &E : Edges) {
        for (auto &KV : E.St.Locks)
          Keys.insert(KV.first);
        for (auto &KV : E.St.Counters)
          Keys.insert(KV.first);
      }
      for (const std::string &K : Keys) {
        if (TouchedLater(B, K) || K == ctx::Preempt || ctx::isTaskState(K) || ctx::paramOf(K) >= 0 || !Rec.Released.count(K) ||
            Hand.handsOver(K))
          continue;
        bool IsLock = false;
        for (auto &E : Edges)
          IsLock |= E.St.Locks.count(K) > 0;
        std::vector<const Edge *> Held;
        bool AnyFree = false;
        for (auto &E : Edges) {
          Balance B = balanceOf(E.St, K, IsLock);
          if (B == Balance::Held)
            Held.push_back(&E);
          AnyFree |= B == Balance::Free;
        }
        if (Held.empty() || !AnyFree)
          continue;
        // `if (!(flags & NEED_RTNL)) rtnl_unlock(); return 0;`: a release
        // the function makes only on a test, and skips on the other edge,
        // keeps K there on purpose (nl80211_pre_doit() keeps RTNL for its
        // post_doit(), which tests the same): a protocol on that test.
        // (Locks only: a section is not handed over that way.)
        bool OnTest = IsLock && releasedOnlyOnTest(
                                    B, K, [&](const ContextState &St) { return balanceOf(St, K, IsLock); }, Edges);
        if (AtExit) {
          if (OnTest) {
            ReleasedOnTest.insert({G, K}); // the returns' findings go (finish())
            unjudgeExits(K, Group);
          }
          continue;
        }
        if (OnTest)
          continue;
        // `if (!vma) unlock(); return vma;`: the returns decide (finish()).
        bool ByValue =
            toldApartByValue(Edges, [&](const ContextState &St) { return balanceOf(St, K, IsLock); });
        // So does `return c ? a : b;`, each arm a return of its own
        // (byConditionalArms()), unless they leave K unjudged (finish()).
        bool Arms = !ByValue && returnedConditional(B);
        for (const Edge *E : Held) {
          SourceLocation Loc;
          if (const Stmt *T = E->From->getTerminatorStmt())
            Loc = T->getBeginLoc();
          else
            for (auto It = E->From->rbegin(); It != E->From->rend() && Loc.isInvalid(); ++It)
              if (auto CS = It->getAs<CFGStmt>())
                Loc = CS->getStmt()->getBeginLoc();
          if (Loc.isInvalid())
            continue;
          if (ByValue)
            AtJoinsByValue[{G, K}].push_back(finding(K, IsLock, Loc, E->St));
          else if (Arms)
            AtArmJoins[{G, K}].push_back(finding(K, IsLock, Loc, E->St));
          else
            Rec.Result.Findings.push_back(finding(K, IsLock, Loc, E->St));
        }
      }
    }
  }
}

void ImbalanceCheck::unjudgeExits(const std::string &K, const std::vector<unsigned> &Group) {
  for (auto &X : Rec.Result.S.Exits)
    for (unsigned V : Group)
      if (X.When == Env.Parts.valuation(V))
        X.State.setLock(K, LockSet::unjudged());
}

bool ImbalanceCheck::givenFlag(const Expr *X) const {
  if (!X)
    return false;
  X = X->IgnoreParenImpCasts();
  const std::vector<unsigned> &Written = Env.Parts.writes().Params;
  auto Unwritten = [&](const Expr *E) {
    const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *P = DR ? dyn_cast<ParmVarDecl>(DR->getDecl()) : nullptr;
    return P && !contains(Written, P->getFunctionScopeIndex());
  };
  // A parameter, or a field of what one points to.
  if (Unwritten(X))
    return true;
  if (const auto *ME = dyn_cast<MemberExpr>(X))
    return Unwritten(ME->getBase());
  // A local given its value once, from no call (nl80211_pre_doit()'s
  // `internal_flags = nl80211_internal_flags[ops->internal_flags];`), and
  // whose address is never taken.
  const auto *DR = dyn_cast<DeclRefExpr>(X);
  const auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!VD || !VD->isLocalVarDecl() || VD->isStaticLocal())
    return false;
  // BodyWrites lists each assignment, increment and address taken: none
  // after an initialiser, or the one plain assignment that gives it.
  const std::vector<const VarDecl *> &Vars = Env.Parts.writes().Vars;
  size_t Writes = std::count(Vars.begin(), Vars.end(), VD);
  const Expr *Value = VD->getInit();
  if (Writes != (Value ? 0u : 1u))
    return false;
  if (!Value)
    forEachStmt(Env.FD->getBody(), [&](const Stmt *S) {
      const auto *BO = dyn_cast<BinaryOperator>(S);
      const auto *L = BO && BO->getOpcode() == BO_Assign ? dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts())
                                                          : nullptr;
      if (L && L->getDecl() == VD)
        Value = BO->getRHS();
      return !Value;
    });
  bool Call = false;
  if (Value)
    forEachStmt(Value, [&](const Stmt *T) {
      Call |= isa<CallExpr>(T);
      return !Call;
    });
  return Value && !Call;
}

template <typename EdgeT, typename BalanceFn>
bool ImbalanceCheck::releasedOnlyOnTest(const CFGBlock *B, const std::string &K, BalanceFn BalanceOf,
                                        const std::vector<EdgeT> &Edges) const {
  // Every held edge comes from an `if` without `else` (C) straight to B;
  // its then-arm is one block (P) whose only context change is K, entered
  // only from C and left only to B, and its edge into B is free.
  bool Any = false;
  for (const EdgeT &E : Edges) {
    if (BalanceOf(E.St) != Balance::Held)
      continue;
    const CFGBlock *C = E.From;
    const auto *If = dyn_cast_or_null<IfStmt>(C->getTerminatorStmt());
    if (!If || If->getElse() || C->succ_size() != 2 || *(C->succ_begin() + 1) != B)
      return false;
    // On a flag the function was given (`flags & NEED_RTNL`): not on a
    // value the body computed (`if (ret != -EINTR)`, `if (n)`, `ret &
    // F` of a call's result), whose held side may be the leak (an error
    // returned holding it), nor on a pointer's NULL test.
    if (!givenFlag(namedFlagOperand(If->getCond(), Env.FD->getASTContext())))
      return false;
    const CFGBlock *P = *C->succ_begin();
    if (!P || P == B || P->pred_size() != 1 || P->succ_size() != 1 || *P->succ_begin() != B ||
        P->getBlockID() >= Rec.Touched.size() || Rec.Touched[P->getBlockID()] != std::set<std::string>{K})
      return false;
    bool FreeFromP = false;
    for (const EdgeT &F : Edges)
      FreeFromP |= F.From == P && BalanceOf(F.St) == Balance::Free;
    if (!FreeFromP)
      return false;
    Any = true;
  }
  return Any;
}

/// Whether R surely returns an error: its class (or its named constant) is
/// one, and not only because a call's split says it may be.
static bool givesError(const ReturnPath &R) {
  bool Error = R.Classes == VC_Error || (R.Classes == VC_Const && R.Const && *R.Const < 0);
  return Error && !R.PossibleOnly;
}

/// Whether the value the paths last stored to a field of what a parameter
/// points to, or through a pointer parameter (ContextState::Flags' store
/// flags, transfer/FlagTransfer.h), tells the held returns from the free
/// ones: a marker the function leaves for its callers (mr_mfc_seq_idx()
/// sets `it->cache` to the list whose lock it returns under, NULL where it
/// holds none; n_tty_read() sets `*cookie` where it keeps its locks). A
/// flag it only tested does not: `rcu_read_lock(); if (p->dead) return;`
/// is the leak.
static bool toldApartByStore(const std::vector<const ReturnPath *> &Held,
                             const std::vector<const ReturnPath *> &Free, bool CallersHold) {
  if (Held.empty() || Free.empty())
    return false;
  // Still a leak where a held return gives an error (byValue()).
  for (const ReturnPath *R : Held)
    if (givesError(*R) && !CallersHold)
      return false;
  // A place's last stored value on every held return, another one on
  // every free return.
  for (auto &KV : Held.front()->St.Flags) {
    if (!isStoreFlag(KV.first) || isVagueStoreFlag(KV.first))
      continue;
    std::string Prefix = KV.first.substr(0, KV.first.find('=') + 1);
    bool Apart = true;
    for (const ReturnPath *R : Held)
      Apart &= R->St.Flags.count(KV.first) > 0;
    for (const ReturnPath *R : Free) {
      bool Other = false;
      for (auto &F : R->St.Flags)
        Other |= F.first.rfind(Prefix, 0) == 0 && F.first != KV.first && !isVagueStoreFlag(F.first);
      Apart &= Other;
    }
    if (Apart)
      return true;
  }
  return false;
}

bool ImbalanceCheck::toldApartByPriorTest(const std::vector<const ReturnPath *> &Held,
                                          const std::vector<const ReturnPath *> &Free, const std::string &K,
                                          bool IsLock, const std::vector<unsigned> &Group) {
  if (Held.empty() || Free.empty())
    return false;
  for (const ReturnPath *R : Held)
    if (givesError(*R))
      return false; // still a leak (byValue())
  const ASTContext &Ctx = Env.FD->getASTContext();
  const std::vector<unsigned> &Written = Env.Parts.writes().Params;
  for (auto &KV : Held.front()->St.Flags) {
    const std::string &F = KV.first;
    if (isStoreFlag(F) || ctx::isParamRef(F) || ctx::isUnheldFlag(F))
      continue;
    bool Apart = true;
    for (const ReturnPath *R : Held) {
      auto It = R->St.Flags.find(F);
      Apart &= It != R->St.Flags.end() && It->second == KV.second;
    }
    for (const ReturnPath *R : Free) {
      auto It = R->St.Flags.find(F);
      Apart &= It != R->St.Flags.end() && It->second != KV.second;
    }
    if (!Apart)
      continue;
    // Every test of the flag, on both its edges, in every partition of the
    // group: K not held there (as at entry counts as not, as balanceOf()).
    // And the free returns are the early ones, inside the arms of its `if`s,
    // the held ones after them: `if (flag) { lock(); ...; return; }` with the
    // unlock forgotten has its held return in the arm, and is a leak.
    bool Tested = false, Prior = true;
    SourceRangeSet Arms(Env.SM);
    for (const CFGBlock *B : Env.Rpo) {
      if (B->succ_size() != 2 || isa_and_nonnull<SwitchStmt>(B->getTerminatorStmt()))
        continue;
      const Expr *Cond = decidedCondition(B);
      auto T = Cond ? flagTestOf(Cond, Ctx, Written) : std::nullopt;
      if (!T || T->first != F)
        continue;
      Tested = true;
      if (const auto *If = dyn_cast_or_null<IfStmt>(B->getTerminatorStmt()))
        for (const Stmt *Arm : {If->getThen(), If->getElse()})
          if (Arm)
            Arms.add(Env.SM.getExpansionLoc(Arm->getBeginLoc()), Env.SM.getExpansionLoc(Arm->getEndLoc()));
      for (unsigned V : Group)
        for (unsigned S = 0; S < 2 && Prior; ++S) {
          if (!*(B->succ_begin() + S))
            continue;
          PState St = Fix.Edge(B, S, V);
          if (!St)
            continue;
          Prior &= IsLock ? !St->lock(K).has(LockSet::Held) : St->counter(K) == Interval();
        }
    }
    auto InArm = [&](SourceLocation L) { return L.isValid() && Arms.contains(L); };
    bool Early = Tested && Prior;
    for (const ReturnPath *R : Free)
      Early &= InArm(R->Loc);
    for (const ReturnPath *R : Held)
      Early &= !InArm(R->Loc);
    if (Early)
      return true;
  }
  return false;
}

void ImbalanceCheck::atReturns(const std::vector<std::vector<ReturnPath>> &Returns) {
  if (!Rec.Collect)
    return;
  const std::vector<std::vector<unsigned>> &Groups = Env.Parts.imbalanceGroups();
  for (size_t G = 0; G < Groups.size(); ++G) {
    const std::vector<unsigned> &Group = Groups[G];
    std::vector<ReturnPath> Rets;
    for (unsigned V : Group)
      Rets.insert(Rets.end(), Returns[V].begin(), Returns[V].end());
    // Counters: a depth that differs between returns.
    std::set<std::string> Keys;
    if (Rets.size() >= 2) // (a lock can differ within one return: keptApartByDeadLocal())
      for (auto &R : Rets)
        for (auto &KV : R.St.Counters)
          Keys.insert(KV.first);
    for (const std::string &K : Keys) {
      if (K == ctx::Preempt || !Rec.Released.count(K) || Hand.handsOver(K))
        continue; // preemption follows the spinning locks, reported by name
      // Entered on some path and not left, where another path returns as it
      // came in, and no path is in doubt. (A function that only sometimes
      // *leaves* a section, like a guard's `if (_T) unlock` destructor, is a
      // protocol: its depths go below entry, which is neither held nor free.)
      bool AnyFree = false, AnyOther = false;
      for (auto &R : Rets) {
        Balance B = balanceOf(R.St, K, false);
        AnyFree |= B == Balance::Free;
        AnyOther |= B == Balance::Other;
      }
      if (AnyOther || !AnyFree)
        continue;
      std::vector<const ReturnPath *> Held, Free;
      for (auto &R : Rets)
        (balanceOf(R.St, K, false) == Balance::Held ? Held : Free).push_back(&R);
      JudgedAtReturns.insert({G, K});
      if (byValue(Held, Free) || toldApartByStore(Held, Free, false) ||
          toldApartByPriorTest(Held, Free, K, false, Group))
        continue; // a PTE inside the section, or NULL outside it
      atReturnsBreaking(G, K, false, breakingProtocol(Held, Free));
    }
    // Locks: held at some returns, released at others.
    std::set<std::string> LKeys;
    for (auto &R : Rets)
      for (auto &KV : R.St.Locks)
        LKeys.insert(KV.first);
    for (const std::string &K : LKeys)
      if (ctx::paramOf(K) < 0 && !ctx::isTaskState(K) && Rec.Released.count(K) &&
          !Hand.handsOver(K))
        lockAtReturns(K, Rets, Group, G);
  }
}

void ImbalanceCheck::atReturnsBreaking(size_t G, const std::string &K, bool IsLock,
                                       const std::vector<const ReturnPath *> &Breaking) {
  for (const ReturnPath *R : Breaking)
    AtReturns[{G, K}].push_back({finding(K, IsLock, R->Loc, R->St), R->Expanded});
}

void ImbalanceCheck::finish() {
  for (auto &KV : AtArmJoins)
    if (!JudgedAtReturns.count(KV.first))
      for (Finding &F : KV.second)
        Rec.Result.Findings.push_back(std::move(F));
  // Returns that break K's protocol: those whose class only a join's split
  // made known are reported where that join's held edges come from instead.
  // (Where the returns do not break it, a join told apart by value is fine.)
  for (auto &KV : AtReturns) {
    if (ReleasedOnTest.count(KV.first))
      continue;
    auto J = AtJoinsByValue.find(KV.first);
    bool Moved = false;
    for (Pending &P : KV.second)
      if (J == AtJoinsByValue.end() || !P.Expanded)
        Rec.Result.Findings.push_back(std::move(P.F));
      else
        Moved = true;
    if (Moved)
      for (Finding &F : J->second)
        Rec.Result.Findings.push_back(std::move(F));
  }
}

bool ImbalanceCheck::byValue(const std::vector<const ReturnPath *> &Held,
                             const std::vector<const ReturnPath *> &Free, bool CallersHold) {
  uint8_t HeldClasses = 0, FreeClasses = 0;
  for (const ReturnPath *R : Free)
    FreeClasses |= R->Classes;
  for (const ReturnPath *R : Held) {
    // Returning an error (-ENOMEM, ERR_PTR(), a value tested IS_ERR()) with
    // the context held is a leak. (Not a class a split only says is possible;
    // nor the caller's own hold, given up on the free returns' classes only:
    // autofs's validate_request() drops and retakes the caller's mutex, and
    // returns -EINTR alone where retaking it failed.)
    if (givesError(*R) && !CallersHold)
      return false;
    HeldClasses |= R->Classes;
  }
  return !Held.empty() && !Free.empty() && !(HeldClasses & FreeClasses);
}

std::vector<const ReturnPath *>
ImbalanceCheck::breakingProtocol(const std::vector<const ReturnPath *> &Held,
                                 const std::vector<const ReturnPath *> &Free) {
  uint8_t FreeClasses = 0;
  for (const ReturnPath *R : Free)
    FreeClasses |= R->Classes;
  std::vector<const ReturnPath *> Out;
  for (const ReturnPath *R : Held)
    if ((R->Classes & FreeClasses) || givesError(*R))
      Out.push_back(R);
  return Out.empty() ? Held : Out;
}

/// The variables a statement names.
static std::set<const void *> namedVars(const Stmt *S) {
  std::set<const void *> Out;
  forEachStmt(S, [&](const Stmt *X) {
    if (const auto *DR = dyn_cast<DeclRefExpr>(X); DR && isa<VarDecl>(DR->getDecl()))
      Out.insert(DR->getDecl());
    return true;
  });
  return Out;
}

/// Whether a local the return does not mention still keeps K's held and
/// free paths apart here: `m2 = &inode->i_rwsem` after a try-lock, and no
/// `if (m2) up_read(m2)` before the return. The local dies with the return,
/// so both are returns of this value: one of them a leak.
static bool keptApartByDeadLocal(const ReturnPath &R, const std::string &K,
                                 const std::set<const void *> &Locals, bool EntryIsFree) {
  // (Locals: the body's lock pointers of class K only -- `m2` that holds
  // NULL or `&inode->i_rwsem`. A local copied from data the caller can read
  // again, lock_for_kill()'s `inode = dentry->d_inode`, says nothing the
  // caller cannot know: its protocol is the object's, not a leak.)
  const std::set<const void *> Returned = namedVars(R.Value);
  for (auto &KV : R.St.Splits) {
    // Holders are calls or locals: only a local (a key that is one of the
    // body's variables) is read, and only one the returned value does not
    // name (`return m2 ? 0 : -1` would hand the lock over through it).
    const ValueSplit &S = KV.second;
    auto J = S.Joined.Locks.find(K);
    if (!Locals.count(KV.first) || Returned.count(KV.first) || J == S.Joined.Locks.end() ||
        J->second != R.St.lock(K))
      continue;
    bool Held = false, Free = false;
    LockSet Union = LockSet::of(0);
    for (unsigned C = 0; C < ValueClassSlots; ++C) {
      auto It = (S.Known >> C & 1) ? S.Per[C].Locks.find(K) : S.Per[C].Locks.end();
      if (It == S.Per[C].Locks.end())
        continue;
      Union = Union.join(It->second);
      Held |= It->second.definitelyHeld();
      Free |= It->second.only(LB_Unheld) || (EntryIsFree && It->second.only(LB_Entry)); // as balanceOf()
    }
    // The classes' values must still be what the path holds (no unlock or
    // lock since the split was made, on any of them).
    if (Held && Free && Union == R.St.lock(K))
      return true;
  }
  return false;
}

const std::set<const void *> &ImbalanceCheck::lockPointers(const std::string &K) {
  auto [It, New] = LockPointers.try_emplace(K);
  if (New)
    for (const VarDecl *VD : bodyLocals())
      if (VD->getType()->isPointerType() && Env.FX.lockPointerClass(VD, Env.FD) == K)
        It->second.insert(VD);
  return It->second;
}

const std::vector<const VarDecl *> &ImbalanceCheck::bodyLocals() {
  if (!LocalsBuilt) {
    LocalsBuilt = true;
    forEachStmt(Env.FD->getBody(), [&](const Stmt *S) {
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->isLocalVarDecl())
            Locals.push_back(VD);
      return true;
    });
  }
  return Locals;
}

/// Whether R is the early return of a call that finds its work done: it
/// leaves lock K as it came in, having found a place the caller sees not 0
/// ("store:f=!0"), and every held return stores to that place after finding
/// it 0 ("store:f=" anything but 0 or "!0"). blkg_conf_open_bdev() "may be
/// called multiple times on @ctx and the extra calls become NOOPs": it
/// returns 0 at once where ctx->bdev is set, and otherwise sets it and
/// returns 0 with the queue's rq_qos_mutex held. (A return that released
/// the lock is no such return: it is free, and judged.)
static bool alreadyDone(const ReturnPath &R, const std::string &K, const std::vector<const ReturnPath *> &Held) {
  if (Held.empty() || !R.St.lock(K).only(LB_Entry))
    return false;
  for (auto &F : R.St.Flags) {
    llvm::StringRef Key = F.first;
    if (!isNonZeroStoreFlag(Key))
      continue;
    llvm::StringRef Prefix = Key.substr(0, Key.rfind('=') + 1);
    bool StoredOnHeld = true;
    for (const ReturnPath *H : Held) {
      bool Stored = false;
      for (auto &HF : H->St.Flags) {
        llvm::StringRef HK = HF.first;
        Stored |= HK.starts_with(Prefix) && HK != Key && HK.drop_front(Prefix.size()) != "0";
      }
      StoredOnHeld &= Stored;
    }
    if (StoredOnHeld)
      return true;
  }
  return false;
}

void ImbalanceCheck::lockAtReturns(const std::string &K, const std::vector<ReturnPath> &Rets,
                                   const std::vector<unsigned> &Group, size_t G) {
  std::vector<const ReturnPath *> Held, Free;
  for (auto &R : Rets) {
    Balance B = balanceOf(R.St, K, true);
    if (B == Balance::Held)
      Held.push_back(&R);
    else if (B == Balance::Free)
      Free.push_back(&R);
    else if (keptApartByDeadLocal(R, K, lockPointers(K), Rec.AcquiredFromEntry.count(K) > 0)) {
      Held.push_back(&R);
      Free.push_back(&R);
    }
  }
  // `if (ctx->bdev) return 0;` before the lock is taken and `ctx->bdev =
  // bdev` with it held: a call that finds the work done returns leaving the
  // lock as it came in, held by the earlier call that did it.
  Free.erase(std::remove_if(Free.begin(), Free.end(),
                            [&](const ReturnPath *R) { return alreadyDone(*R, K, Held); }),
             Free.end());
  if (Held.empty() || Free.empty())
    return;
  // A conditional acquirer (returns true with the lock, false without;
  // a VMA with it, NULL without) is a protocol, not an imbalance.
  JudgedAtReturns.insert({G, K});
  bool CallersHold = Rec.ReleasesEntry.count(K) > 0;
  bool Protocol = byValue(Held, Free, CallersHold) || toldApartByStore(Held, Free, CallersHold) ||
                  toldApartByPriorTest(Held, Free, K, true, Group);
  if (Protocol) {
    unjudgeExits(K, Group);
    return;
  }
  atReturnsBreaking(G, K, true, breakingProtocol(Held, Free));
}
