#include "link/LockOrderLink.h"

#include "lockorder/Dependencies.h"
#include "report/FindingText.h"

using namespace rcuctx;

namespace {

bool sameClasses(const std::vector<Acquisition> &A, const std::vector<Acquisition> &B) {
  if (A.size() != B.size())
    return false;
  for (size_t I = 0; I < A.size(); ++I)
    if (!A[I].sameFacts(B[I]))
      return false;
  return true;
}

} // namespace

LockGraph rcuctx::linkLockOrder(const std::vector<TuRecord> &Tus,
                                const std::vector<LinkedFunction> &Fns,
                                const std::vector<std::vector<int>> &SccsBottomUp,
                                unsigned MaxRounds, LockOrderStats &Stats,
                                std::vector<std::vector<Acquisition>> &Acquires) {
  LockGraph G;
  for (const TuRecord &T : Tus) {
    G.addAll(T.Edges);
    for (const ClassSplit &S : T.Splits)
      G.split(S);
  }
  size_t FromFiles = G.edgeCount();

  // Each function's acquisitions over the linked graph: its file's own
  // (which hold what that file could see), and its callees' as linked.
  std::vector<std::vector<Acquisition>> Acq(Fns.size());
  for (size_t I = 0; I < Fns.size(); ++I)
    Acq[I] = Fns[I].F->S.Acquires;
  auto Compose = [&](int Id) {
    const LinkFunction &F = *Fns[Id].F;
    std::vector<Acquisition> Out = F.S.Acquires;
    const std::vector<CallRecord> &Calls = F.Detail.Calls;
    const std::vector<int> &Targets = *Fns[Id].Targets;
    for (size_t C = 0; C < Calls.size() && C < Targets.size(); ++C) {
      int T = Targets[C];
      if (T < 0 || Acq[T].empty() || Calls[C].Facts.OneOfMany)
        continue;
      const CallRecord &R = Calls[C];
      ArgClassFn Args = [&R](unsigned I) {
        return I < R.Facts.Args.size() ? R.Facts.Args[I].LockClass : std::string();
      };
      ArgClassFn Objects = [&R](unsigned I) {
        return I < R.Facts.Args.size() ? R.Facts.Args[I].LockObject : std::string();
      };
      std::string Note = quoted(F.Name) + " calls " + quoted(Fns[T].F->Name) + R.Facts.ViaNote +
                         " here";
      ContextState Scratch;
      for (const CallRecord::At &At : R.States)
        for (const Acquisition &In : Acq[T]) {
          // Taken only in modes this call does not select (the plugin's
          // OrderTransfer::callee() likewise).
          std::vector<int> Keys;
          for (auto &KV : In.When)
            Keys.push_back(KV.first);
          std::map<int, bool> Known =
              R.modesAt(At, Keys, valuationOfBits(F.S.TrackedParams, At.Partition));
          if (!compatible(In.When, Valuation(Known.begin(), Known.end())))
            continue;
          std::optional<Acquisition> A = liftAcquisition(In, Args, R.Facts.Loc, Note, At.St, R.Guarded, Objects);
          if (!A)
            continue;
          A->When = valuationOfBits(F.S.TrackedParams, At.Partition);
          const ContextState &Here = holdsFor(*A, At.St, Scratch);
          for (const OrderEdge &E : edgesTo(*A, Here, F.Name))
            G.add(E);
          std::vector<std::string> Dropped = droppedAt(Here);
          A->Dropped.insert(A->Dropped.end(), Dropped.begin(), Dropped.end());
          mergeAcquisition(Out, std::move(*A));
        }
    }
    bool Changed = !sameClasses(Out, Acq[Id]);
    Acq[Id] = std::move(Out);
    return Changed;
  };
  for (const std::vector<int> &Scc : SccsBottomUp) {
    bool Recursive = Scc.size() > 1;
    if (!Recursive)
      for (int T : *Fns[Scc.front()].Targets)
        Recursive |= T == Scc.front();
    unsigned Rounds = Recursive ? MaxRounds : 1;
    for (unsigned Round = 0; Round < Rounds; ++Round) {
      bool Changed = false;
      for (int Id : Scc)
        Changed |= Compose(Id);
      if (!Changed)
        break;
    }
  }
  Acquires = std::move(Acq);
  Stats.AcquiresBytes = Acquires.capacity() * sizeof(std::vector<Acquisition>);
  for (const std::vector<Acquisition> &L : Acquires) {
    Stats.AcquiresBytes += (L.capacity() - L.size()) * sizeof(Acquisition);
    for (const Acquisition &A : L)
      Stats.AcquiresBytes += approxBytes(A);
  }
  Stats.Edges = G.edgeCount();
  Stats.Classes = G.nodeCount();
  Stats.AddedByLink = G.edgeCount() - FromFiles;
  return G;
}
