#include "lattice/ValueSplit.h"

namespace rcuctx {

std::string describeClasses(uint8_t Mask) {
  std::string S;
  auto Add = [&](uint8_t B, const char *N) {
    if (Mask & B)
      S += (S.empty() ? "" : "|") + std::string(N);
  };
  Add(VC_Zero, "zero");
  Add(VC_Error, "error");
  Add(VC_Valid, "valid");
  Add(VC_Const, "const");
  return S.empty() ? "none" : S;
}

void KeyValues::joinWith(const KeyValues &O) {
  // Keys are the same in every class of one split (ValueSplit is built so);
  // a key missing on one side is at its entry value there.
  for (auto &KV : O.Locks) {
    auto It = Locks.find(KV.first);
    Locks[KV.first] = It == Locks.end() ? KV.second.join(LockSet::entry()) : It->second.join(KV.second);
  }
  for (auto &KV : Locks)
    if (!O.Locks.count(KV.first))
      KV.second = KV.second.join(LockSet::entry());
  for (auto &KV : O.Counters) {
    auto It = Counters.find(KV.first);
    Counters[KV.first] = It == Counters.end() ? KV.second.join(Interval()) : It->second.join(KV.second);
  }
  for (auto &KV : Counters)
    if (!O.Counters.count(KV.first))
      KV.second = KV.second.join(Interval());
}

bool ValueSplit::operator==(const ValueSplit &O) const {
  if (Known != O.Known || Const != O.Const || !(Joined == O.Joined))
    return false;
  for (unsigned I = 0; I < ValueClassSlots; ++I)
    if ((Known & (1u << I)) && !(Per[I] == O.Per[I]))
      return false;
  return true;
}

bool ValueSplit::refine(uint8_t Mask, KeyValues &Out) const {
  bool Any = false;
  for (unsigned I = 0; I < ValueClassSlots; ++I) {
    if (!(Mask & Known & (1u << I)))
      continue;
    if (!Any)
      Out = Per[I];
    else
      Out.joinWith(Per[I]);
    Any = true;
  }
  return Any;
}

ValueSplit ValueSplit::withoutConst() const {
  if (!Const)
    return *this;
  ValueSplit S = *this;
  S.Const.reset();
  S.Per[3] = KeyValues();
  S.Known &= VC_All;
  if (Known & VC_Const) {
    unsigned B = *Const < 0 ? 1 : 2;
    if (S.Known & (1u << B))
      S.Per[B].joinWith(Per[3]);
    else
      S.Per[B] = Per[3];
    S.Known |= uint8_t(1u << B);
  }
  return S;
}

} // namespace rcuctx
