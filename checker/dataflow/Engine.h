// A forward dataflow engine over one function's clang CFG. It knows nothing
// about RCU or locks: the Domain supplies the entry state, the transfer of a
// block and of an edge, and the lattice's join, widening and equality.
//
// States are kept per block and per partition (Domain-defined: the mode
// parameters' values), std::nullopt meaning unreachable. A worklist ordered
// by reverse post-order visits each block once per partition when the code is
// acyclic, so the cost is linear in blocks x partitions; around a loop a
// block is revisited only when what flows into it changed, and loop heads
// widen after a few visits, which bounds loops.
//
//   struct Domain {
//     using State = ...;
//     std::optional<State> entry(unsigned V) const; // nullopt: no paths in V
//     std::optional<State> transfer(const CFGBlock *B, const std::optional<State> &In, unsigned V);
//     std::optional<State> edge(const CFGBlock *From, unsigned SuccIdx,
//                               const std::optional<State> &Out, unsigned V);
//     State join(const State &A, const State &B) const;
//     State widen(const State &Old, const State &Next) const;
//     bool same(const State &A, const State &B) const;
//   };
#pragma once

#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <optional>
#include <queue>
#include <vector>

namespace rcuctx {

/// The index of B among P's successors (the edge P -> B).
inline unsigned succIndex(const clang::CFGBlock *P, const clang::CFGBlock *B) {
  unsigned Idx = 0;
  for (auto SI = P->succ_begin(); SI != P->succ_end(); ++SI, ++Idx)
    if (*SI == B)
      break;
  return Idx;
}

/// succIndex() for every edge of a CFG, built once: a block with N
/// successors (a switch) would otherwise cost N per edge, N^2 per join.
class EdgeIndex {
public:
  explicit EdgeIndex(const clang::CFG &Cfg) {
    for (const clang::CFGBlock *P : Cfg) {
      if (P->succ_size() <= Scan)
        continue;
      unsigned Idx = 0;
      for (auto SI = P->succ_begin(); SI != P->succ_end(); ++SI, ++Idx)
        if (const clang::CFGBlock *S = *SI)
          Map.try_emplace({P, S}, Idx); // the first edge P -> S, as succIndex()
    }
  }
  unsigned of(const clang::CFGBlock *P, const clang::CFGBlock *B) const {
    if (P->succ_size() <= Scan)
      return succIndex(P, B);
    auto It = Map.find({P, B});
    return It == Map.end() ? succIndex(P, B) : It->second;
  }

private:
  /// Blocks with at most this many successors are scanned (cheaper than a lookup).
  static constexpr unsigned Scan = 8;
  llvm::DenseMap<std::pair<const clang::CFGBlock *, const clang::CFGBlock *>, unsigned> Map;
};

/// The blocks reachable from the entry, in reverse post-order.
inline std::vector<const clang::CFGBlock *> reversePostOrder(const clang::CFG &Cfg) {
  std::vector<char> Seen(Cfg.getNumBlockIDs(), 0);
  std::vector<std::pair<const clang::CFGBlock *, clang::CFGBlock::const_succ_iterator>> Stack;
  std::vector<const clang::CFGBlock *> Post;
  const clang::CFGBlock *Entry = &Cfg.getEntry();
  Stack.push_back({Entry, Entry->succ_begin()});
  Seen[Entry->getBlockID()] = 1;
  while (!Stack.empty()) {
    auto &Top = Stack.back();
    if (Top.second == Top.first->succ_end()) {
      Post.push_back(Top.first);
      Stack.pop_back();
      continue;
    }
    const clang::CFGBlock *Succ = *Top.second;
    ++Top.second;
    if (Succ && !Seen[Succ->getBlockID()]) {
      Seen[Succ->getBlockID()] = 1;
      Stack.push_back({Succ, Succ->succ_begin()});
    }
  }
  return {Post.rbegin(), Post.rend()};
}

template <typename Domain> class ForwardEngine {
public:
  using State = typename Domain::State;
  using PState = std::optional<State>;

  /// Rpo: the blocks reachable from the entry, in reverse post-order.
  ForwardEngine(const clang::CFG &Cfg, const std::vector<const clang::CFGBlock *> &Rpo,
                unsigned Partitions, Domain &D)
      : Cfg(Cfg), Rpo(Rpo), NP(Partitions), D(D), In(size_t(Cfg.getNumBlockIDs()) * NP), Out(size_t(Cfg.getNumBlockIDs()) * NP), Order(Cfg.getNumBlockIDs(), ~0u),
        Edges(Cfg) {
    for (unsigned I = 0; I < Rpo.size(); ++I)
      Order[Rpo[I]->getBlockID()] = I;
  }

  /// Iterates to the fixpoint.
  void solve();
  /// No edge between reachable blocks goes back in reverse post-order: then
  /// solve() transfers each block once per partition, from its final input.
  bool acyclic() const;

  const PState &in(unsigned Block, unsigned V) const { return In[size_t(Block) * NP + V]; }
  const PState &out(unsigned Block, unsigned V) const { return Out[size_t(Block) * NP + V]; }
  /// Re-runs the transfer of every reachable block from its fixpoint input,
  /// in reverse post-order (the pass in which a client collects results).
  void replay();
  /// The state flowing from P's end into its successor B, in partition V.
  PState edgeInto(const clang::CFGBlock *P, const clang::CFGBlock *B, unsigned V) const;
  const EdgeIndex &edges() const { return Edges; }

private:
  /// What flows into B in partition V: the join over its predecessors' edges.
  PState inflow(const clang::CFGBlock *B, unsigned V) const;
  /// A block with an incoming edge from later in reverse post-order.
  bool isLoopHead(const clang::CFGBlock *B) const;

  /// Visits of one block in one partition after which a loop head widens.
  static constexpr unsigned WidenAfter = 3;
  /// A safety bound on visits of one block in one partition.
  static constexpr unsigned MaxVisits = 200;

  const clang::CFG &Cfg;
  const std::vector<const clang::CFGBlock *> &Rpo;
  unsigned NP;
  Domain &D;
  std::vector<PState> In, Out; // [block id * partitions + partition]
  std::vector<unsigned> Order;              // block id -> position in Rpo
  EdgeIndex Edges;
};

template <typename Domain> bool ForwardEngine<Domain>::isLoopHead(const clang::CFGBlock *B) const {
  for (const clang::CFGBlock *P : B->preds())
    if (P && Order[P->getBlockID()] != ~0u && Order[P->getBlockID()] >= Order[B->getBlockID()])
      return true;
  return false;
}

template <typename Domain> bool ForwardEngine<Domain>::acyclic() const {
  for (const clang::CFGBlock *B : Rpo)
    if (isLoopHead(B))
      return false;
  return true;
}

template <typename Domain>
typename ForwardEngine<Domain>::PState
ForwardEngine<Domain>::edgeInto(const clang::CFGBlock *P, const clang::CFGBlock *B, unsigned V) const {
  return D.edge(P, Edges.of(P, B), out(P->getBlockID(), V), V);
}

template <typename Domain>
typename ForwardEngine<Domain>::PState ForwardEngine<Domain>::inflow(const clang::CFGBlock *B,
                                                                     unsigned V) const {
  if (B == &Cfg.getEntry())
    return D.entry(V);
  PState R;
  for (const clang::CFGBlock *P : B->preds()) {
    if (!P || P->hasNoReturnElement())
      continue;
    PState E = edgeInto(P, B, V);
    if (E)
      R = R ? D.join(*R, *E) : std::move(E);
  }
  return R;
}

template <typename Domain> void ForwardEngine<Domain>::solve() {
  unsigned NB = Cfg.getNumBlockIDs();
  std::vector<unsigned> Visits(size_t(NB) * NP, 0); // [block id * partitions + partition]
  std::vector<char> Queued(NB, 0), Done(NB, 0);
  std::vector<char> LoopHead(NB, 0);
  std::priority_queue<unsigned, std::vector<unsigned>, std::greater<unsigned>> Work; // Rpo positions
  for (unsigned I = 0; I < Rpo.size(); ++I) {
    LoopHead[Rpo[I]->getBlockID()] = isLoopHead(Rpo[I]);
    Work.push(I);
    Queued[Rpo[I]->getBlockID()] = 1;
  }
  while (!Work.empty()) {
    const clang::CFGBlock *B = Rpo[Work.top()];
    Work.pop();
    unsigned Id = B->getBlockID();
    Queued[Id] = 0;
    bool Changed = false;
    for (unsigned V = 0; V < NP; ++V) {
      PState NewIn = inflow(B, V);
      PState &Old = In[size_t(Id) * NP + V];
      if (Old && NewIn) {
        if (++Visits[size_t(Id) * NP + V] > WidenAfter && LoopHead[Id])
          NewIn = D.widen(*Old, D.join(*Old, *NewIn));
        else
          NewIn = D.join(*Old, *NewIn);
      }
      bool Same = (!Old && !NewIn) || (Old && NewIn && D.same(*Old, *NewIn));
      if (Same && Done[Id])
        continue;
      if (Visits[size_t(Id) * NP + V] > MaxVisits)
        continue; // not converging: keep what is known (never reached with a lattice of finite height after widening)
      Old = std::move(NewIn);
      PState NewOut = D.transfer(B, Old, V);
      PState &O = Out[size_t(Id) * NP + V];
      bool OutSame = (!O && !NewOut) || (O && NewOut && D.same(*O, *NewOut));
      O = std::move(NewOut);
      Changed |= !OutSame;
    }
    bool First = !Done[Id];
    Done[Id] = 1;
    if (!Changed && !First)
      continue;
    for (const clang::CFGBlock *S : B->succs())
      if (S && Order[S->getBlockID()] != ~0u && !Queued[S->getBlockID()]) {
        Queued[S->getBlockID()] = 1;
        Work.push(Order[S->getBlockID()]);
      }
  }
}

template <typename Domain> void ForwardEngine<Domain>::replay() {
  for (const clang::CFGBlock *B : Rpo)
    for (unsigned V = 0; V < NP; ++V)
      if (const PState &I = in(B->getBlockID(), V))
        Out[size_t(B->getBlockID()) * NP + V] = D.transfer(B, I, V);
}

} // namespace rcuctx
