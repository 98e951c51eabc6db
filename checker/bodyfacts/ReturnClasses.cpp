#include "bodyfacts/ReturnClasses.h"

#include "facts/Places.h"
#include "facts/ValueTests.h"

using namespace clang;
using namespace rcuctx;

/// The classes of `!x` when x is in Mask.
static uint8_t negated(uint8_t Mask) {
  return uint8_t(((Mask & VC_Zero) ? VC_Valid : 0) | ((Mask & (VC_Error | VC_Valid)) ? VC_Zero : 0));
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
    P.Classes = classesOfReturned(R.Value, Ctx);
    Out.push_back(std::move(P));
    return;
  }
  const ValueSplit &S = It->second;
  // What the split knows of the value replaces what its form says.
  uint8_t Possible = S.Known ? S.Known : classesOfReturned(C, Ctx);
  if (S.Joined.empty()) {
    // A local tested on the way: only its classes, the state as it is.
    ReturnPath P = R;
    P.Classes = Neg ? negated(Possible) : Possible;
    Out.push_back(std::move(P));
    return;
  }
  for (unsigned I = 0; I < 3; ++I) {
    uint8_t Bit = uint8_t(1u << I);
    if (!(Possible & Bit))
      continue;
    ReturnPath P = R;
    P.St.refineBy(H, Bit);
    P.Classes = Neg ? negated(Bit) : Bit;
    P.Expanded = true;
    // An error class a callee's split or a pointer's NULL test only says is
    // possible (non-NULL includes ERR_PTR()), not one the function gave.
    P.PossibleOnly = S.Site.isValid() || C->getType()->isPointerType();
    Out.push_back(std::move(P));
  }
}

std::vector<std::vector<ReturnPath>>
rcuctx::byReturnedClass(const std::vector<std::vector<ReturnPath>> &Returns, const ASTContext &Ctx) {
  std::vector<std::vector<ReturnPath>> Out(Returns.size());
  for (size_t V = 0; V < Returns.size(); ++V)
    for (const ReturnPath &R : Returns[V])
      classifyReturn(R, Ctx, Out[V]);
  return Out;
}

std::vector<ClassExit> rcuctx::classExitsOf(const std::vector<std::vector<ReturnPath>> &Classed,
                                            const Partitions &Parts) {
  std::vector<ClassExit> Out;
  // Partitions whose returns leave one context: kept only if some other
  // partition's classes differ, and then all of them (epoll_mutex_lock()
  // returns 0 with the lock when it may block, 0 or -EAGAIN otherwise: a
  // caller that passes `false` learns the value is 0).
  std::vector<ClassExit> Narrowed;
  for (unsigned V = 0; V < Classed.size(); ++V) {
    std::optional<ContextState> Per[3];
    for (const ReturnPath &R : Classed[V])
      for (unsigned I = 0; I < 3; ++I)
        if (R.Classes & (1u << I))
          Per[I] = Per[I] ? Per[I]->join(R.St) : R.St;
    // Only the context: what callers compose.
    unsigned Present = 0;
    for (auto &P : Per)
      if (P) {
        ContextState C;
        C.Counters = P->Counters;
        C.Locks = P->Locks;
        C.LockSpins = P->LockSpins;
        P = std::move(C);
        ++Present;
      }
    bool Differ = false;
    for (unsigned I = 0; I < 3; ++I)
      for (unsigned J = I + 1; J < 3; ++J)
        Differ |= Per[I] && Per[J] && !Per[I]->sameValue(*Per[J]);
    // A partition of all three classes in one context goes in too, so a
    // call whose modes match it and a narrowed one never reads the narrowed
    // classes as all there are.
    std::vector<ClassExit> &To = Differ ? Out : Narrowed;
    if (Present == 0)
      continue;
    for (unsigned I = 0; I < 3; ++I)
      if (Per[I])
        To.push_back({Parts.valuation(V), uint8_t(1u << I), *Per[I]});
  }
  if (!Out.empty())
    Out.insert(Out.end(), Narrowed.begin(), Narrowed.end());
  return Out;
}
