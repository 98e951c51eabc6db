#include "summaries/Summary.h"

#include <algorithm>

namespace rcuctx {

static bool sameObligation(const Obligation &A, const Obligation &B) {
  return A.K == B.K && A.AnyOf == B.AnyOf && A.When == B.When && A.GfpParam == B.GfpParam &&
         A.OutsideInterrupt == B.OutsideInterrupt && A.FaultOnly == B.FaultOnly && A.At.sameValue(B.At) &&
         A.PathFlags == B.PathFlags && A.Loc == B.Loc;
}

bool Summary::sameAs(const Summary &O) const {
  if (Obligations.size() != O.Obligations.size() || Exits.size() != O.Exits.size() ||
      Conflicts.size() != O.Conflicts.size() || ByReturn.size() != O.ByReturn.size() || RefParams != O.RefParams || NullExitParams != O.NullExitParams || ReturnClasses != O.ReturnClasses || ReturnsRcu.has_value() != O.ReturnsRcu.has_value() ||
      (ReturnsRcu && !(*ReturnsRcu == *O.ReturnsRcu)) || DerefParams.size() != O.DerefParams.size() ||
      WritesRcu != O.WritesRcu)
    return false;
  if (Acquires.size() != O.Acquires.size() || ReleasesEntry != O.ReleasesEntry ||
      LockObjects != O.LockObjects || LockObjectSets != O.LockObjectSets ||
      ListUpdates != O.ListUpdates || ListWalks != O.ListWalks)
    return false;
  for (size_t I = 0; I < Acquires.size(); ++I)
    if (!Acquires[I].sameFacts(O.Acquires[I]))
      return false;
  for (size_t I = 0; I < DerefParams.size(); ++I)
    if (DerefParams[I].first != O.DerefParams[I].first)
      return false;
  for (size_t I = 0; I < Obligations.size(); ++I)
    if (!sameObligation(Obligations[I], O.Obligations[I]))
      return false;
  for (size_t I = 0; I < Exits.size(); ++I)
    if (Exits[I].When != O.Exits[I].When || !Exits[I].State.sameValue(O.Exits[I].State))
      return false;
  for (size_t I = 0; I < ByReturn.size(); ++I)
    if (ByReturn[I].When != O.ByReturn[I].When || ByReturn[I].Class != O.ByReturn[I].Class ||
        ByReturn[I].Const != O.ByReturn[I].Const ||
        !ByReturn[I].State.sameValue(O.ByReturn[I].State))
      return false;
  return true;
}

std::vector<int> Summary::modeKeys() const {
  std::vector<int> Out = TrackedParams;
  for (const Obligation &O : Obligations)
    for (auto &PV : O.When)
      if (std::find(Out.begin(), Out.end(), PV.first) == Out.end())
        Out.push_back(PV.first);
  return Out;
}

bool Summary::unchangedForCallers(const std::string &Class, const LockSet &Exit) const {
  if (Exit == LockSet::entry())
    return true;
  if (Exit.Bits != (LB_Entry | LB_Unheld))
    return false;
  if (std::binary_search(ReleasesEntry.begin(), ReleasesEntry.end(), Class))
    return false;
  for (const Acquisition &A : Acquires)
    if (A.Class == Class && !A.Try && A.Mode != AcqMode::RecursiveRead)
      return true;
  return false;
}

} // namespace rcuctx
