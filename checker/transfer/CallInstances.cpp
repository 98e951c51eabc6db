// Which instance of a lock class a call takes or drops (part of
// CallTransfer): a callee that locks or unlocks what its parameter points to
// (Summary::LockObjects, "$0.mmap_lock") acts on the argument's instance,
// judged as the same lock or unlock written at the call would be against
// the instances that hold the class here (LockNesting::HeldBy). So
// kernel/fork.c dup_mmap(), holding `oldmm`'s and `mm`'s mmap_lock, drops
// only `mm`'s with mmap_write_unlock(mm).
//
// It owns that bookkeeping only; the callee's effect itself is composed by
// CallTransfer::applyExitEffects() first, and the instance keys are
// facts/LockNaming.cpp's.
#include "transfer/CallTransfer.h"

#include "lattice/LockNesting.h"

#include <algorithm>
#include <set>

using namespace clang;
using namespace rcuctx;

/// The instance at this call of the callee's object "$N.path": argument N's.
static std::string instanceOfObject(const CallExpr *CE, const std::string &Object,
                                    const FactExtractor &FX) {
  int P = objectParam(Object);
  size_t Dot = Object.find('.');
  if (P < 0 || P >= (int)CE->getNumArgs() || Dot == std::string::npos)
    return "";
  return FX.memberInstance(CE->getArg(P), llvm::StringRef(Object).substr(Dot + 1));
}

std::string rcuctx::calleeInstanceAt(const CallExpr *CE, const Summary &CS,
                                     const std::string &CalleeKey, const FactExtractor &FX) {
  auto It = CS.LockObjects.find(CalleeKey);
  if (It == CS.LockObjects.end())
    return "";
  return instanceOfObject(CE, It->second, FX);
}

/// For a class the callee leaves held through several parameters' objects
/// (Summary::LockObjectSets), each argument's instance (in Objects' order),
/// and their set; none where two of them are one instance here (the same
/// keyring passed twice) or one cannot be named.
static std::string calleeInstancesAt(const CallExpr *CE, const std::vector<std::string> &Objects,
                                     const FactExtractor &FX, std::vector<std::string> &Each) {
  std::string Insts;
  for (const std::string &O : Objects) {
    std::string I = instanceOfObject(CE, O, FX);
    if (I.empty() || holderSetHas(Insts, I)) {
      Each.clear();
      return "";
    }
    Each.push_back(I);
    Insts = holderSetAdd(Insts, I);
  }
  return Insts;
}

void CallTransfer::keepInstancesApart(const CallExpr *CE, const Summary &CS,
                                      const std::function<bool(const Valuation &)> &Applies,
                                      const ContextState &Before, ContextState &St) {
  if (CS.LockObjects.empty() && !Rec.Collect)
    return; // nothing to tell apart; the objects are noted while collecting
  ArgClassFn Args = argClassesOf(CE, Env.FX, Env.FD);
  ArgClassFn Objects = argObjectsOf(CE, Env.FX, Env.FD);
  // The classes the callee may change, in any of its modes (a try-lock's
  // held class is in its per-result exits; one it may drop while it is
  // the caller's hold, in Summary::ReleasesEntry).
  std::set<std::string> Changes;
  for (const ExitEffect &X : CS.Exits)
    for (auto &KV : X.State.Locks)
      if (!KV.second.only(LB_Entry))
        Changes.insert(KV.first);
  for (const ClassExit &X : CS.ByReturn)
    for (auto &KV : X.State.Locks)
      if (!KV.second.only(LB_Entry))
        Changes.insert(KV.first);
  if (CS.ReturnsTryLock)
    Changes.insert(CS.ReturnsTryLock->Key);
  Changes.insert(CS.ReleasesEntry.begin(), CS.ReleasesEntry.end());
  for (const std::string &CK : Changes) {
    std::string K = resolveKeyAt(CK, Args);
    if (K.empty())
      continue;
    auto Obj = CS.LockObjects.find(CK);
    int P = Obj == CS.LockObjects.end() ? -1 : objectParam(Obj->second);
    if (P >= (int)CE->getNumArgs())
      P = -1;
    // This function's own callers learn the object too, where the argument
    // is what one of its parameters points to (none: "", which it keeps),
    // and each object of a set (each its argument's instance).
    std::string Inst;
    if (auto Set = CS.LockObjectSets.find(CK); Set != CS.LockObjectSets.end()) {
      std::vector<std::string> Each;
      Inst = calleeInstancesAt(CE, Set->second, Env.FX, Each);
      for (size_t I = 0; I < Set->second.size(); ++I) {
        // (Each one is named only where every one is: its parameter exists.)
        const std::string &O = Set->second[I];
        bool Named = !Inst.empty();
        Rec.noteObject(K, Named ? resolveObject(O, Objects(objectParam(O))) : std::string(),
                       Named ? Each[I] : std::string());
      }
    } else {
      Inst = P < 0 ? std::string() : calleeInstanceAt(CE, CS, CK, Env.FX);
      Rec.noteObject(K, P < 0 ? std::string() : resolveObject(Obj->second, Objects(P)), Inst);
    }
    // A lock passed in whole (`nf_conntrack_lock(&nf_conntrack_locks[h2])`
    // takes its argument): the argument's own instance.
    if (Inst.empty() && ctx::isParamRef(CK) && CK.find_first_of("./") == std::string::npos)
      if (int Q = ctx::paramOf(CK); Q >= 0 && Q < (int)CE->getNumArgs())
        Inst = Env.FX.lockInstance(CE->getArg(Q));
    if (Inst.empty())
      continue; // as composed
    // What the exits this call can take leave the class as: taken on
    // every one (a lock), dropped on every one (an unlock), or taken and
    // dropped on every one (its own instance). Anything else -- a lock or
    // unlock under a flag the call does not fix, a try-lock -- is composed
    // as it is, but a try-lock's success edge adds its instance.
    auto LeftAs = [&](const ContextState &X) {
      auto It = X.Locks.find(CK);
      return It == X.Locks.end() ? LockSet::entry() : It->second;
    };
    bool AllTaken = true, AnyTaken = false, AllUnheld = true, Applicable = false;
    for (const ExitEffect &X : CS.Exits)
      if (Applies(X.When)) {
        Applicable = true;
        AllTaken &= LeftAs(X.State).only(LockSet::Held);
        AnyTaken |= LeftAs(X.State).has(LockSet::Held);
        AllUnheld &= LeftAs(X.State).only(LB_Unheld);
      }
    for (const ClassExit &X : CS.ByReturn)
      if (Applies(X.When)) {
        AllTaken &= LeftAs(X.State).only(LockSet::Held);
        AnyTaken |= LeftAs(X.State).has(LockSet::Held);
      }
    bool TryLock = CS.ReturnsTryLock && CS.ReturnsTryLock->Key == CK;
    bool Takes = Applicable && AllTaken && !TryLock;
    bool MayTake = TryLock || AnyTaken;
    bool Drops = Applicable && AllUnheld &&
                 std::binary_search(CS.ReleasesEntry.begin(), CS.ReleasesEntry.end(), CK);
    bool OwnOnly = Applicable && AllUnheld && !Drops;
    LockSet B = Before.lock(K);
    const std::string Holders = Before.Nesting.holderOf(K);
    bool Several = Holders == LockNesting::Several && B == LockSet::unjudged();
    bool Known = !Holders.empty() && Holders != LockNesting::Several && B.definitelyHeld();
    bool Mine = Known && holderSetHas(Holders, Inst);
    if (Takes || MayTake) {
      // As a lock written here: beside the instances held, another one is
      // held too where the callee takes it on every path.
      if (Several)
        St.stopJudging(K);
      else if (Known && !Mine && Takes) {
        St.setLock(K, LockSet::of(B.Bits | St.lock(K).Bits)); // in the modes of all
        St.Nesting.HeldBy[K] = holderSetAdd(Holders, Inst);
      } else if (Known && !Mine)
        St.Nesting.HeldBy[K] = Holders; // a try-lock's success edge adds it
      else if (!B.definitelyHeld())
        St.Nesting.HeldBy[K] = Inst; // where it is held, this one holds it
    } else if (Drops) {
      // As an unlock written here: of one of the instances held (the others
      // stay held), of another one (not followed), or while several are.
      if (Mine) {
        std::string Rest = holderSetRemove(Holders, Inst);
        if (!Rest.empty()) {
          St.setLock(K, B);
          St.Nesting.HeldBy[K] = Rest;
        }
      } else if (Known || Several) {
        St.stopJudging(K);
      }
    } else if (OwnOnly && Known && !Mine) {
      // It takes and drops another instance than the ones held here: the
      // holds stay (as keepHoldsOfOtherInstances() for locks it takes
      // afresh, here also through a parameter: the instance is known).
      St.setLock(K, B);
      St.Nesting.HeldBy[K] = Holders;
    }
    // Anything else (drops the caller's hold and takes it again, a
    // conditional unlock): as composed.
  }
}
