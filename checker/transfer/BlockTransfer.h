// The context lattice's transfer functions as the dataflow engine sees them
// (the Domain of dataflow/Engine.h): a block is its elements in order -- a
// rule macro's expansion takes effect once, at its first element; a call goes
// to CallTransfer; every statement to the pointer tracker and to the value
// splits (a store moves or forgets one) and to the flag bits it may
// change (transfer/FlagTransfer.h); a guard's cleanup
// undoes what its constructor did -- and edges go to EdgeTransfer.
#pragma once

#include "dataflow/FunctionScope.h"
#include "provenance/PointerTracker.h"
#include "transfer/CallTransfer.h"
#include "transfer/EdgeTransfer.h"
#include "transfer/FlagTransfer.h"
#include "transfer/GuardTransfer.h"
#include "transfer/OrderTransfer.h"
#include "transfer/StepTransfer.h"
#include "transfer/ValueSplitTransfer.h"

namespace rcuctx {

class BlockTransfer {
public:
  using State = ContextState;

  BlockTransfer(const FunctionEnv &Env, WalkRecord &Rec)
      : Env(Env), Rec(Rec), Ptrs(Env, Rec), Splits(Env), Order(Env, Rec), Steps(Env, Rec, Ptrs, Order),
        Calls(Env, Rec, Steps, Ptrs, Guards, Splits, Order), Edges(Env, Steps, Ptrs, Splits) {}

  /// A partition whose modes contradict each other (`reg == 1` and `reg ==
  /// 2` both true) has no paths.
  PState entry(unsigned V) const {
    return Env.Parts.feasible(V) ? PState(ContextState()) : std::nullopt;
  }
  PState transfer(const clang::CFGBlock *B, const PState &In, unsigned V);
  PState edge(const clang::CFGBlock *From, unsigned SuccIdx, const PState &Out, unsigned V) const {
    PState E = Edges.edge(From, SuccIdx, Out, V);
    if (E)
      flagEdge(From, SuccIdx, Env.FD->getASTContext(), Calls.writtenParams(), *E);
    // A branch can release a lock too: a callee's split by its result.
    if (E && !E->Ptrs.empty())
      if (const clang::Stmt *T = From->getTerminatorStmt())
        Ptrs.lockReleased(*E, Env.SM.getExpansionLoc(T->getBeginLoc()));
    return E;
  }
  State join(const State &A, const State &B) const { return A.join(B); }
  State widen(const State &Old, const State &Next) const { return Old.widen(Next); }
  bool same(const State &A, const State &B) const { return A.sameValue(B); }

  const PointerTracker &pointers() const { return Ptrs; }

private:
  void element(const clang::CFGElement &E, ContextState &St, unsigned V, bool &Dead);

  const FunctionEnv &Env;
  WalkRecord &Rec;
  PointerTracker Ptrs;
  ValueSplitTransfer Splits;
  GuardTransfer Guards;
  OrderTransfer Order;
  StepTransfer Steps;
  CallTransfer Calls;
  EdgeTransfer Edges;
};

} // namespace rcuctx
