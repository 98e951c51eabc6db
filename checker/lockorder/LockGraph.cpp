#include "lockorder/LockGraph.h"

#include "lattice/LockNesting.h"

#include "report/FindingText.h"
#include "transfer/OrderTransfer.h"

#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <deque>
#include <set>

using namespace rcuctx;

void LockGraph::add(const OrderEdge &E) {
  for (size_t I : Out[E.From])
    if (Edges[I].sameDependency(E))
      return;
  Out[E.From].push_back(Edges.size());
  Edges.push_back(E);
}

size_t LockGraph::approxBytes() const {
  size_t B = Edges.capacity() * sizeof(OrderEdge);
  for (const OrderEdge &E : Edges)
    B += E.From.capacity() + E.To.capacity() + E.Function.capacity() + rcuctx::approxBytes(E.Notes);
  for (const auto &KV : Out) // a map node: the key, the vector, three pointers and a colour
    B += sizeof(KV) + 4 * sizeof(void *) + KV.first.capacity() + KV.second.capacity() * sizeof(size_t);
  return B;
}

size_t LockGraph::nodeCount() const {
  std::set<std::string> N;
  for (const OrderEdge &E : Edges) {
    N.insert(E.From);
    N.insert(E.To);
  }
  return N.size();
}

size_t LockGraph::cyclesOnlyThroughSplits() const {
  if (Splits.empty())
    return 0;
  size_t N = 0;
  for (const auto &C : cycles(1000, true)) {
    bool Touches = false;
    for (const OrderEdge *E : C)
      Touches |= Splits.count(baseClassOf(E->From)) || Splits.count(baseClassOf(E->To));
    N += Touches;
  }
  return N;
}

std::vector<std::vector<const OrderEdge *>> LockGraph::cycles(size_t Max, bool ThroughSplits) const {
  std::vector<std::vector<const OrderEdge *>> Found;
  std::set<std::set<std::string>> Seen;
  // A split class's subclasses ("C/1") are split with it.
  auto Usable = [&](const OrderEdge &F) {
    return ThroughSplits || (!Splits.count(baseClassOf(F.From)) && !Splits.count(baseClassOf(F.To)));
  };
  for (size_t First = 0; First < Edges.size() && Found.size() < Max; ++First) {
    const OrderEdge &E = Edges[First];
    if (!Usable(E))
      continue;
    // Breadth-first from E.To back to E.From over strong steps only; the
    // state remembers whether the node was reached by a recursive read.
    using Key = std::pair<std::string, bool>;
    std::map<Key, std::pair<Key, size_t>> Parent;
    std::deque<Key> Work;
    Key Start{E.To, E.ToMode == AcqMode::RecursiveRead};
    Parent[Start] = {Start, SIZE_MAX};
    Work.push_back(Start);
    std::optional<Key> End;
    while (!Work.empty() && !End) {
      Key K = Work.front();
      Work.pop_front();
      auto It = Out.find(K.first);
      if (It == Out.end())
        continue;
      for (size_t I : It->second) {
        const OrderEdge &F = Edges[I];
        if (!Usable(F) || !strongStep(K.second ? AcqMode::RecursiveRead : AcqMode::Write, F.FromShared))
          continue;
        Key Next{F.To, F.ToMode == AcqMode::RecursiveRead};
        if (Parent.count(Next))
          continue;
        Parent[Next] = {K, I};
        if (F.To == E.From && strongStep(F.ToMode, E.FromShared)) {
          End = Next;
          break;
        }
        Work.push_back(Next);
      }
    }
    if (!End)
      continue;
    std::vector<const OrderEdge *> Cycle;
    for (Key K = *End; Parent[K].second != SIZE_MAX; K = Parent[K].first)
      Cycle.insert(Cycle.begin(), &Edges[Parent[K].second]);
    Cycle.insert(Cycle.begin(), &E);
    // One rotation, whatever edge found it, so a TU and the link word one
    // cycle alike: from the grace-period wait if there is one (the call
    // to fix), else from the least class name.
    auto Before = [](const OrderEdge *A, const OrderEdge *B) {
      bool SA = A->ToMode == AcqMode::Sync, SB = B->ToMode == AcqMode::Sync;
      return SA != SB ? SA : A->From < B->From;
    };
    size_t Least = 0;
    for (size_t I = 1; I < Cycle.size(); ++I)
      if (Before(Cycle[I], Cycle[Least]))
        Least = I;
    std::rotate(Cycle.begin(), Cycle.begin() + Least, Cycle.end());
    std::set<std::string> Classes;
    for (const OrderEdge *X : Cycle)
      Classes.insert(X->From);
    if (Seen.insert(Classes).second)
      Found.push_back(std::move(Cycle));
  }
  return Found;
}

std::string rcuctx::describeEdge(const OrderEdge &E) {
  std::string F = quoted(E.Function);
  if (E.ToMode == AcqMode::Sync)
    return F + " waits for the readers of " + describeClass(E.To) +
           (ctx::isSrcu(E.From) ? " inside a read-side critical section of " + describeClass(E.From)
                                : " while holding " + describeClass(E.From));
  if (ctx::isSrcu(E.From))
    return F + " acquires " + describeClass(E.To) + " inside a read-side critical section of " +
           describeClass(E.From);
  return F + " acquires " + describeClass(E.To) + " while holding " + describeClass(E.From);
}

std::vector<Finding> LockGraph::findings() const {
  std::vector<Finding> Out;
  for (const auto &Cycle : cycles()) {
    Finding F;
    bool Grace = false;
    for (const OrderEdge *E : Cycle)
      Grace |= E->ToMode == AcqMode::Sync;
    F.Check = Grace ? CheckId::GracePeriod : CheckId::LockOrder;
    F.Loc = Cycle.front()->Loc;
    F.Message = "possible deadlock: ";
    for (size_t I = 0; I < Cycle.size(); ++I)
      F.Message += (I ? ", and " : "") + describeEdge(*Cycle[I]);
    if (Grace)
      F.Message += " (a grace period waits for every reader)";
    for (const OrderEdge *E : Cycle)
      F.Notes.insert(F.Notes.end(), E->Notes.begin(), E->Notes.end());
    Out.push_back(std::move(F));
  }
  return Out;
}

static std::string dotQuote(const std::string &S) {
  std::string R = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      R += '\\';
    R += C;
  }
  return R + "\"";
}

std::string LockGraph::dot(const clang::SourceManager *SM) const {
  std::set<const OrderEdge *> OnCycle;
  std::set<std::string> Hot;
  for (const auto &C : cycles())
    for (const OrderEdge *E : C) {
      OnCycle.insert(E);
      Hot.insert(E->From);
    }
  std::string S = "digraph lock_order {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n";
  std::set<std::string> Nodes;
  for (const OrderEdge &E : Edges) {
    Nodes.insert(E.From);
    Nodes.insert(E.To);
  }
  for (const std::string &N : Nodes)
    S += "  " + dotQuote(N) + (ctx::isSrcu(N) ? " [shape=ellipse" : " [shape=box") +
         (Hot.count(N) ? ", color=red" : "") +
         (Splits.count(baseClassOf(N)) ? ", style=dashed, xlabel=\"split by lockdep_set_class\"" : "") +
         "];\n";
  for (const OrderEdge &E : Edges) {
    std::string Where = E.Function;
    if (SM && E.Loc.isValid()) {
      clang::PresumedLoc P = SM->getPresumedLoc(SM->getExpansionLoc(E.Loc));
      if (P.isValid()) {
        std::string File = P.getFilename();
        size_t Slash = File.rfind('/');
        Where += "\\n" + (Slash == std::string::npos ? File : File.substr(Slash + 1)) + ":" +
                 std::to_string(P.getLine());
      }
    }
    std::string Label = Where;
    if (E.ToMode != AcqMode::Write)
      Label += std::string("\\n(") + acqModeName(E.ToMode) + ")";
    std::string L = "\"";
    for (char C : Label)
      L += C == '"' ? std::string("\\\"") : std::string(1, C);
    L += "\"";
    S += "  " + dotQuote(E.From) + " -> " + dotQuote(E.To) + " [label=" + L +
         (OnCycle.count(&E) ? ", color=red, fontcolor=red" : "") +
         (E.ToMode == AcqMode::Sync ? ", style=dashed" : "") + "];\n";
  }
  return S + "}\n";
}
