// How acquisitions become dependencies, shared by the per-function walk
// (transfer/OrderTransfer.h) and the whole-program link: what a state
// holds, what a callee's acquisition looks like from its call site, and
// the edges from one to the other.
#pragma once

#include "lattice/ContextState.h"
#include "lockorder/LockOrder.h"
#include "summaries/CallSite.h"

#include <optional>

namespace rcuctx {

/// A class held on every path at a point, by a name a caller could share:
/// a lock held (not as at entry), an SRCU reader entered.
struct HeldClass {
  std::string Class;
  bool Shared = false;
};
std::vector<HeldClass> heldAt(const ContextState &St);
/// What a function changed of its caller's holds on every path to a point:
/// a caller's hold of these is not in force there.
std::vector<std::string> droppedAt(const ContextState &St);
/// The dependencies of acquisition A (in function Fn) on what St holds,
/// same-class holds excluded; notes say where each held class was taken
/// when St knows it.
std::vector<OrderEdge> edgesTo(const Acquisition &A, const ContextState &St, const std::string &Fn);
/// A callee's acquisition seen from a call at Loc (CallNote: "'f' calls 'g'
/// here"), its classes (and the holds it dropped first, in Dropped)
/// resolved with the call's arguments. Nothing if the class is a lock
/// passed in that the caller cannot name either.
/// AtCall: the caller's state at the call (IRQs enabled there or not).
/// Objects: the arguments as fields of objects (ArgFacts::LockObject): a
/// lock passed whole (`lock_it(&the_dev.lock)`, a guard's constructor)
/// takes a global object's own class there, as when taken directly.
std::optional<Acquisition> liftAcquisition(const Acquisition &In, const ArgClassFn &Args,
                                           clang::SourceLocation Loc, const std::string &CallNote,
                                           const ContextState &AtCall, bool Guarded,
                                           const ArgClassFn &Objects = nullptr);
/// The caller's state at the call as the lifted acquisition A sees it: St
/// itself, or (into Scratch) St without the holds A's callee dropped.
const ContextState &holdsFor(const Acquisition &A, const ContextState &St, ContextState &Scratch);
/// Adds A to a summary's list (one per class and mode; the holds dropped
/// before it are those dropped before every such acquisition).
void mergeAcquisition(std::vector<Acquisition> &List, Acquisition A);

} // namespace rcuctx
