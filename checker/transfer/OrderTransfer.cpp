#include "transfer/OrderTransfer.h"

#include "report/FindingText.h"

using namespace clang;
using namespace rcuctx;

void OrderTransfer::record(Acquisition A, const ContextState &St, unsigned V, std::vector<std::string> Also) {
  const std::string Me = Env.quotedName();
  for (const HeldClass &H : heldAt(St))
    if (H.Class == A.Class && A.Mode == AcqMode::Sync && ctx::isSrcu(A.Class)) {
      // A grace-period wait inside the domain's own reader: a deadlock by
      // itself. Direct: synchronize_srcu() here; else a call reaching it.
      Finding F;
      F.Check = CheckId::GracePeriod;
      F.Loc = A.Loc;
      F.Message = Me + (A.Chain.empty() ? " waits" : " calls a function that waits") +
                  " for an SRCU grace period of " + quoted(A.Class.substr(5)) +
                  " inside a read-side critical section of that domain: the wait never ends";
      auto It = St.LastAcquire.find(H.Class);
      if (It != St.LastAcquire.end())
        F.Notes.push_back({It->second, sectionNoun(H.Class) + " begins here"});
      if (!A.Chain.empty())
        F.Notes.push_back({A.Loc, A.SiteNote});
      F.Notes.insert(F.Notes.end(), A.Chain.begin(), A.Chain.end());
      Rec.Result.Findings.push_back(std::move(F));
    }
  for (OrderEdge &E : edgesTo(A, St, Env.fnName())) {
    bool Known = false;
    for (const OrderEdge &O : Rec.Result.Edges)
      Known |= O.sameDependency(E);
    if (!Known)
      Rec.Result.Edges.push_back(std::move(E));
  }
  if (A.Conditional && !A.Try)
    Rec.GuardedAcquires[A.Class].insert(Rec.CurBlock);
  A.Dropped = droppedAt(St);
  A.Dropped.insert(A.Dropped.end(), Also.begin(), Also.end());
  A.When = Env.Parts.valuation(V);
  mergeAcquisition(Rec.Result.S.Acquires, std::move(A));
}

void OrderTransfer::acquired(const std::string &Class, AcqMode Mode, SourceLocation Loc,
                             const std::string &What, const ContextState &St, unsigned V,
                             bool Spins, const std::string &Object, bool Try) {
  if (!Rec.Collect || Class.empty())
    return;
  Acquisition A;
  A.Class = Class;
  A.Mode = Mode;
  A.Loc = Loc;
  A.IrqsOn = irqsAsAtEntry(St);
  A.BhOn = bhAsAtEntry(St);
  A.Spins = Spins;
  A.Try = Try;
  A.Conditional = Env.Body.inGuard(Loc);
  if (!Object.empty() && Object[0] == '$')
    A.Object = Object;
  const std::string Me = Env.quotedName();
  A.SiteNote = Mode == AcqMode::Sync ? Me + " waits for the readers of " + describeClass(Class) +
                                           " with " + What + " here"
               : ctx::isSrcu(Class)  ? Me + " begins " + describeSection(Class) + " with " + What +
                                          " here"
                                     : Me + " acquires " + describeClass(Class) + " with " + What +
                                          " here";
  record(std::move(A), St, V);
}

void OrderTransfer::callee(const Summary &CS, const ArgClassFn &Args, const ArgClassFn &Objects,
                           SourceLocation Loc,
                           const std::string &CallNote, const ContextState &St,
                           const std::map<int, bool> &Known, unsigned V) {
  if (!Rec.Collect)
    return;
  ContextState Scratch;
  Valuation Call(Known.begin(), Known.end());
  for (const Acquisition &In : CS.Acquires) {
    if (!compatible(In.When, Call))
      continue; // taken only in modes this call does not select
    std::optional<Acquisition> A =
        liftAcquisition(In, Args, Loc, CallNote, St, Env.Body.inGuard(Loc), Objects);
    if (!A)
      continue;
    const ContextState &Here = holdsFor(*A, St, Scratch);
    std::vector<std::string> Dropped = A->Dropped;
    record(std::move(*A), Here, V, std::move(Dropped));
  }
}
