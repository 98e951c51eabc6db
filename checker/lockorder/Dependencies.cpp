#include "lockorder/Dependencies.h"

#include "report/FindingText.h"

#include <algorithm>

namespace rcuctx {

std::vector<HeldClass> heldAt(const ContextState &St) {
  std::vector<HeldClass> Out;
  for (auto &KV : St.Locks)
    if (KV.second.definitelyHeld() && ctx::paramOf(KV.first) < 0 && !ctx::isTaskState(KV.first)) {
      std::string C = St.Nesting.classOf(KV.first); // its subclass, if taken nested
      if (!C.empty())
        Out.push_back({std::move(C), KV.second.only(LB_Read)});
    }
  for (auto &KV : St.Nesting.Nested)
    if (!KV.second.Class.empty() && ctx::paramOf(KV.second.Base) < 0 &&
        St.lock(KV.second.Base).definitelyHeld())
      Out.push_back({KV.second.Class, KV.second.Shared});
  for (auto &KV : St.Counters)
    if (ctx::isSrcu(KV.first) && ctx::paramOf(KV.first) < 0 && KV.second.Lo >= 1)
      Out.push_back({KV.first, true});
  return Out;
}

std::vector<std::string> droppedAt(const ContextState &St) {
  std::vector<std::string> Out;
  for (auto &KV : St.Locks)
    if (!KV.second.mayBeEntry() && !ctx::isTaskState(KV.first))
      Out.push_back(KV.first);
  for (auto &KV : St.Counters)
    if (ctx::isSrcu(KV.first) && KV.second.Hi <= -1)
      Out.push_back(KV.first);
  return Out;
}

std::vector<OrderEdge> edgesTo(const Acquisition &A, const ContextState &St, const std::string &Fn) {
  std::vector<OrderEdge> Out;
  if (A.Try)
    return Out; // a trylock never waits for what is held
  const std::string Me = quoted(Fn);
  for (const HeldClass &H : heldAt(St)) {
    if (H.Class == A.Class)
      continue; // another instance, or a double lock (rcuctx-unbalanced)
    OrderEdge E;
    E.From = H.Class;
    E.FromShared = H.Shared;
    E.To = A.Class;
    E.ToMode = A.Mode;
    E.Function = Fn;
    E.Loc = A.Loc;
    auto It = St.LastAcquire.find(H.Class);
    if (It != St.LastAcquire.end())
      E.Notes.push_back({It->second, ctx::isSrcu(H.Class)
                                         ? Me + " begins " + describeSection(H.Class) + " here"
                                         : Me + " acquires " + describeClass(H.Class) + " here"});
    E.Notes.push_back({A.Loc, A.SiteNote});
    E.Notes.insert(E.Notes.end(), A.Chain.begin(), A.Chain.end());
    Out.push_back(std::move(E));
  }
  return Out;
}

std::optional<Acquisition> liftAcquisition(const Acquisition &In, const ArgClassFn &Args,
                                           clang::SourceLocation Loc, const std::string &CallNote,
                                           const ContextState &AtCall, bool Guarded,
                                           const ArgClassFn &Objects) {
  Acquisition A;
  A.Class = resolveKeyAt(In.Class, Args);
  if (A.Class.empty())
    return std::nullopt;
  // The object the lock belongs to, seen from the caller, if it can name
  // it (a global object's own class, or its own parameter's field): for a
  // field of what a parameter points to, that object's; for the lock
  // itself passed in, the object the argument is a field of.
  std::string O;
  if (int P = objectParam(In.Object); P >= 0)
    O = resolveObject(In.Object, Objects ? Objects(P) : Args(P));
  else if (int Q = ctx::paramOf(In.Class); In.Object.empty() && Objects && Q >= 0 &&
                                            ctx::isParamRef(In.Class))
    O = Objects(Q);
  int Sub = 0;
  baseClassOf(A.Class, &Sub);
  nameByObject(O, Sub, A.Class, A.Object);
  A.Mode = In.Mode;
  A.IrqsOn = In.IrqsOn && irqsAsAtEntry(AtCall);
  A.BhOn = In.BhOn && bhAsAtEntry(AtCall);
  A.Spins = In.Spins;
  A.Try = In.Try;
  A.Conditional = In.Conditional || Guarded;
  A.Loc = Loc;
  A.SiteNote = CallNote;
  A.Chain.push_back({In.Loc, In.SiteNote});
  A.Chain.insert(A.Chain.end(), In.Chain.begin(), In.Chain.end());
  elideChain(A.Chain);
  for (const std::string &D : In.Dropped) {
    std::string K = resolveKeyAt(D, Args);
    if (!K.empty())
      A.Dropped.push_back(K);
  }
  return A;
}

const ContextState &holdsFor(const Acquisition &A, const ContextState &St, ContextState &Scratch) {
  if (A.Dropped.empty())
    return St; // the common case: no copy of the state per acquisition
  Scratch = St;
  for (const std::string &K : A.Dropped) {
    Scratch.Locks.erase(K);
    Scratch.Counters.erase(K);
  }
  return Scratch;
}

void mergeAcquisition(std::vector<Acquisition> &List, Acquisition A) {
  std::sort(A.Dropped.begin(), A.Dropped.end());
  A.Dropped.erase(std::unique(A.Dropped.begin(), A.Dropped.end()), A.Dropped.end());
  for (Acquisition &Old : List)
    if (Old == A) {
      std::vector<std::string> Both;
      std::set_intersection(Old.Dropped.begin(), Old.Dropped.end(), A.Dropped.begin(),
                            A.Dropped.end(), std::back_inserter(Both));
      Old.Dropped = std::move(Both);
      // Taken in both partitions: only the modes they agree on select it.
      Valuation Common;
      for (const auto &KV : Old.When)
        if (std::find(A.When.begin(), A.When.end(), KV) != A.When.end())
          Common.push_back(KV);
      Old.When = std::move(Common);
      if (Old.Conditional && !A.Conditional) {
        // Show the way that is taken without a test (the IRQ witness).
        Old.Loc = A.Loc;
        Old.SiteNote = std::move(A.SiteNote);
        Old.Chain = std::move(A.Chain);
        Old.Conditional = false;
      }
      return;
    }
  List.push_back(std::move(A));
}

} // namespace rcuctx
