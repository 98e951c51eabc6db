#include "checks/TaskRunningNeeds.h"

#include <algorithm>
#include <set>
#include <tuple>

using namespace rcuctx;

void rcuctx::keepOneTaskRunningNeed(WalkRecord &Rec) {
  std::set<std::tuple<uint8_t, unsigned, bool, int>> Seen;
  auto &Obls = Rec.Obls;
  Obls.erase(std::remove_if(Obls.begin(), Obls.end(),
                            [&](const SitedObligation &P) {
                              return P.O.Check == CheckId::BlockingState &&
                                     !Seen.insert({P.O.At.lock(ctx::TaskState).Bits, P.Partition,
                                                   P.O.Conditional, P.FromCall})
                                          .second;
                            }),
             Obls.end());
}
